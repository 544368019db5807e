import GrantCore
import GrantKeys

/// `verify`'s check of who signed what, entry by entry in ledger order: each command's
/// signature over the head it ended at, by a key that was the owner's or registered in the
/// project (and not revoked) when the command began, under the name its entries carry as
/// their author, recording only what its role may (`KeyAuthority`: keys registered and revoked
/// only by the owner or a programme key, expenditure only by its partner's key, …); signatures
/// that follow on one another with no entry left out; and times that never go backwards.
struct SignatureCheck {
    typealias Problem = LedgerStore.VerificationProblem

    let owner: LedgerStore.Owner?
    private let signatures: [StoredSignature]
    /// Entries up to here were recorded before signatures; without an owner, all of them.
    private let unsignedThrough: Int64
    private var next = 0
    private var current: SignedRange?
    /// Whether an entry of the current signature's range was already found changed (its hash or link).
    private var currentDamaged = false
    /// The live keys of each project: the name and whether it may manage keys, by public key.
    private var keys: [String: [Ed25519.PublicKey: (name: String, authority: KeyAuthority)]] = [:]
    private var unsignedRun: ClosedRange<Int64>?
    private var lastTime: (sequence: Int64, time: String)?
    private(set) var problems: [Problem] = []
    /// Entries recorded before signatures (reported once, not a failure).
    private(set) var unsignedEntries: Int64 = 0
    /// The signature over the last entry, with its signer's name, when the last command's entries are signed.
    private(set) var headSignature: (signature: StoredSignature, signer: String)?

    init(owner: LedgerStore.Owner?, signatures: [StoredSignature], ownerKey: Ed25519.PublicKey?) {
        self.owner = owner
        self.signatures = signatures
        unsignedThrough = owner?.unsignedThrough ?? .max
        if let owner, !owner.holds {
            problem(nil, "the owner's statement (\(owner.name), key \(owner.publicKey.short)…) is not signed by that key: it was changed")
        }
        if owner == nil, let first = signatures.first {
            problem(first.first, "the ledger holds signatures but no owner's statement: it was removed")
        }
        if let ownerKey {
            if let owner, owner.publicKey != ownerKey {
                problem(nil, "the ledger's owner is \(owner.name) with key \(owner.publicKey), not the noted owner key \(ownerKey): "
                    + "it was made or rebuilt under someone else's keys")
            } else if owner == nil {
                problem(nil, "the ledger has no owner, so it cannot be the noted owner key \(ownerKey)'s: it was made before "
                    + "signatures, or its owner's statement was removed")
            }
        }
        var expected = (owner?.unsignedThrough ?? 0) + 1
        for signature in signatures {
            if signature.first != expected || signature.last < signature.first {
                problem(signature.first, "the signature of entries \(signature.first)–\(signature.last) does not follow on the one "
                    + "before, which ends at entry \(expected - 1)")
            }
            expected = signature.last + 1
        }
    }

    /// Checks one entry: `hash` as the chain stores it, what it does (`action`) when it could be
    /// read, and its `body` where it may register or revoke a key; `damaged` when the entry was
    /// already found changed (a signature over it then fails as a matter of course, and is not
    /// reported again).
    mutating func visit(sequence: Int64, project: String, author: String, recordedAt: String, hash: [UInt8],
                        body: LedgerEntryBody?, action: KeyAuthority.Action?, damaged: Bool) {
        // Times are ISO 8601 in UTC, so their bytes order them; most entries share their block's time.
        if let last = lastTime, recordedAt != last.time, recordedAt.utf8.lexicographicallyPrecedes(last.time.utf8) {
            problem(sequence, "entry \(sequence) was recorded at \(recordedAt), before entry \(last.sequence) (\(last.time)): "
                + "times never go backwards in a ledger")
        }
        lastTime = (sequence, recordedAt)
        if sequence <= unsignedThrough {
            unsignedEntries += 1
            return
        }
        while next < signatures.count, signatures[next].last < sequence { next += 1 }
        guard next < signatures.count, signatures[next].first <= sequence else {
            unsignedRun = (unsignedRun?.lowerBound ?? sequence)...sequence
            return
        }
        reportUnsignedRun()
        let last = signatures[next].last
        if current?.signature.last != last {  // Signatures end at distinct entries.
            begin(signatures[next], project: project)
            currentDamaged = false
        }
        currentDamaged = currentDamaged || damaged
        guard let range = current else { return }
        if project != range.project {
            problem(sequence, "entry \(sequence) is of project \(project), but is signed with entries of \(range.project); "
                + "a key signs one project's entries at a time")
        }
        if let signer = range.signer, author != signer {
            problem(sequence, "entry \(sequence) names \(author) as its author, but is signed by the key of \(signer)")
        }
        if let action, let signer = range.signer, let refusal = range.authority?.refusal(action) {
            problem(sequence, "entry \(sequence) is signed by \(signer), but \(refusal)")
        }
        if let body { record(body, sequence: sequence, project: project) }
        if sequence == last { close(range.signature, hash: hash, signer: range.signer) }
    }

    /// The problems of the ledger's end: entries left unsigned, signatures beyond the last entry.
    mutating func finish(head: Int64) -> [Problem] {
        reportUnsignedRun()
        if let last = signatures.last, last.last > head {
            problem(head, "a signature covers entries up to \(last.last), but the ledger ends at entry \(head): "
                + "entries were removed from the end")
        }
        return problems
    }

    private mutating func begin(_ signature: StoredSignature, project: String) {
        guard let key = signature.publicKey else {
            problem(signature.first, "the signature of entries \(signature.first)–\(signature.last) names no valid key")
            current = SignedRange(signature, project, nil, nil)
            return
        }
        if let owner, key == owner.publicKey {
            // A changed owner's statement is reported once; its name is then no one's to compare authors with.
            current = SignedRange(signature, project, owner.holds ? owner.name : nil, .owner)
        } else if let registered = keys[project]?[key] {
            current = SignedRange(signature, project, registered.name, registered.authority)
        } else {
            problem(signature.first, "entries \(signature.first)–\(signature.last) are signed by key \(key.short)…, which was not "
                + "registered in \(project) (or was revoked) when they were recorded")
            current = SignedRange(signature, project, nil, nil)
        }
    }

    private mutating func close(_ signature: StoredSignature, hash: [UInt8], signer: String?) {
        guard let key = signature.publicKey else { return }
        if Ed25519.isValid(signature: signature.signature, of: SignedStatement.head(hash), by: key) {
            if let signer { headSignature = (signature, signer) }
        } else if currentDamaged {
            headSignature = nil
        } else {
            problem(signature.first, "entry \(signature.first): the signature of entries \(signature.first)–\(signature.last) "
                + "(key \(key.short)…) does not hold over entry \(signature.last)'s hash: they, or entries before them, were "
                + "changed after they were signed, or signed by someone without the key")
            headSignature = nil
        }
    }

    /// Keys registered or revoked (by a signer allowed to, checked with every entry's action).
    private mutating func record(_ body: LedgerEntryBody, sequence: Int64, project: String) {
        switch body {
        case .keyRegistered(let registration):
            guard let key = Ed25519.PublicKey(hexadecimal: registration.publicKey) else { return }
            keys[project, default: [:]][key] = (registration.name, KeyAuthority(registration))
        case .keyRevoked(let revocation):
            guard let key = Ed25519.PublicKey(hexadecimal: revocation.publicKey) else { return }
            if keys[project]?.removeValue(forKey: key) == nil {
                problem(sequence, "entry \(sequence) revokes key \(key.short)…, which is not registered in \(project)")
            }
        default:
            break
        }
    }

    private mutating func reportUnsignedRun() {
        guard let run = unsignedRun else { return }
        let entries = run.count == 1 ? "entry \(run.lowerBound) is" : "entries \(run.lowerBound)–\(run.upperBound) are"
        problem(run.lowerBound, "\(entries) signed by no one: they were added behind the engine's back")
        unsignedRun = nil
    }

    private mutating func problem(_ sequence: Int64?, _ message: String) {
        problems.append(Problem(sequence: sequence, message: message))
    }
}

/// The signature whose entries are being checked: over which project's entries, by whom, with what authority.
private final class SignedRange {
    let signature: StoredSignature
    let project: String
    let signer: String?
    let authority: KeyAuthority?

    init(_ signature: StoredSignature, _ project: String, _ signer: String?, _ authority: KeyAuthority?) {
        (self.signature, self.project, self.signer, self.authority) = (signature, project, signer, authority)
    }
}
