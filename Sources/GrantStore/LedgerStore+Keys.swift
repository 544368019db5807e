import GrantCore
import GrantKeys

/// Who records an entry, provably: the secret key that signs what a command appends, and the
/// time the entries carry. The author they show is the name the key is registered under.
public struct Authorship: Sendable {
    public let key: Ed25519.SecretKey
    /// UTC, ISO 8601 to the second.
    public let recordedAt: String

    public init(key: Ed25519.SecretKey, recordedAt: String) {
        self.key = key
        self.recordedAt = recordedAt
    }
}

extension LedgerStore {
    /// The ledger's owner: its first key, which registers the others.
    public struct Owner: Equatable, Sendable {
        public let name: String
        public let publicKey: Ed25519.PublicKey
        /// The entries the ledger held, unsigned, when it was claimed (0 for a ledger made signed).
        public let unsignedThrough: Int64
        let signature: [UInt8]

        /// Whether the owner's statement is signed by the owner's key.
        var holds: Bool {
            Ed25519.isValid(signature: signature, of: SignedStatement.owner(name: name, key: publicKey, unsignedThrough: unsignedThrough),
                            by: publicKey)
        }
    }

    /// A key registered in a project, and whether (and by which entry) it was revoked.
    public struct RegisteredKey: Equatable, Sendable {
        public let registration: KeyRegistration
        /// The entry that registered it.
        public let sequence: Int64
        public let registeredBy: String
        /// The entry that revoked it, if one did.
        public let revokedAt: Int64?
    }

    /// The owner, or nil for a ledger made before signatures that nobody has claimed yet.
    public func owner() throws(StoreError) -> Owner? {
        let statement = try database.prepare("SELECT name, public_key, unsigned_through, signature FROM ledger_owner")
        guard try statement.step() else { return nil }
        guard let key = Ed25519.PublicKey(hexadecimal: statement.text(1) ?? ""),
              let signature = LedgerEntry.bytes(hexadecimal: statement.text(3) ?? "") else {
            throw .refused("the ledger's owner statement is damaged; run 'grantledger verify'")
        }
        return Owner(name: statement.text(0) ?? "", publicKey: key, unsignedThrough: statement.integer(2), signature: signature)
    }

    /// The owner; a ledger without one (made before signatures) is refused, with what to do.
    public func requiredOwner() throws(StoreError) -> Owner {
        guard let owner = try owner() else {
            throw .refused("this ledger has no owner yet: it was made before GrantLedger signed its entries. "
                + "Run 'grantledger init' on it to become its owner (its entries so far stay unsigned)")
        }
        return owner
    }

    /// Makes `key`, named `name`, the ledger's owner; the entries already there stay unsigned.
    /// Refused when the ledger has an owner.
    @discardableResult
    public func claim(by key: Ed25519.SecretKey, name: String) throws(StoreError) -> Owner {
        try database.writeTransaction("record the ledger's owner") { () throws(StoreError) in try recordOwner(key, name: name) }
    }

    /// `claim` within the caller's write transaction.
    @discardableResult
    func recordOwner(_ key: Ed25519.SecretKey, name: String) throws(StoreError) -> Owner {
        if let owner = try owner() {
            throw .refused("the ledger is owned by \(owner.name) (key \(owner.publicKey.short)…); an owner is never replaced")
        }
        let through = try chainHead().sequence
        let signature = key.sign(SignedStatement.owner(name: name, key: key.publicKey, unsignedThrough: through))
        let insert = try database.prepare("INSERT INTO ledger_owner VALUES (1, ?, ?, ?, ?)")
        try insert.bindAndStep([.text(name), .text(key.publicKey.description), .integer(through), .text(signature.hexadecimal)])
        return Owner(name: name, publicKey: key.publicKey, unsignedThrough: through, signature: signature)
    }

    /// The keys registered in `projectCode`, in ledger order.
    public func registeredKeys(_ projectCode: String) throws(StoreError) -> [RegisteredKey] {
        var keys: [RegisteredKey] = []
        for entry in try entries("WHERE kind IN ('key', 'key-revoked') AND project = ?", [.text(projectCode)]) {
            switch entry.body {
            case .keyRegistered(let registration):
                keys.append(RegisteredKey(registration: registration, sequence: entry.sequence, registeredBy: entry.author, revokedAt: nil))
            case .keyRevoked(let revocation):
                if let index = keys.lastIndex(where: { $0.registration.publicKey == revocation.publicKey && $0.revokedAt == nil }) {
                    let key = keys[index]
                    keys[index] = RegisteredKey(registration: key.registration, sequence: key.sequence, registeredBy: key.registeredBy,
                                                revokedAt: entry.sequence)
                }
            default: break
            }
        }
        return keys
    }

    /// The name `key` signs `projectCode`'s entries under, and what it may record: the owner's,
    /// or the name and role it is registered with there and not revoked. Refused, with what to do,
    /// for any other key.
    func signer(_ key: Ed25519.PublicKey, projectCode: String) throws(StoreError) -> (name: String, authority: KeyAuthority) {
        let owner = try requiredOwner()
        if key == owner.publicKey { return (owner.name, .owner) }
        let registered = try registeredKeys(projectCode).last { $0.registration.publicKey == key.description }
        guard let registered, registered.revokedAt == nil else {
            let revoked = registered?.revokedAt.map { " (it was revoked by entry \($0))" } ?? ""
            throw .refused("your key \(key.short)… is not registered in \(projectCode)\(revoked); ask the ledger's owner, "
                + "\(owner.name), or its programme to add you: grantledger user add NAME --role ROLE --key \(key)")
        }
        return (registered.registration.name, KeyAuthority(registered.registration))
    }

    /// Registers a key in `projectCode`, as the owner or a programme key.
    public func registerKey(_ registration: KeyRegistration, projectCode: String,
        by authorship: Authorship) throws(StoreError) -> LedgerEntry {
        try appending(projectCode: projectCode, by: authorship, "register a key") { (appender) throws(StoreError) in
            let grant = try grant(projectCode)
            let owner = try requiredOwner()
            let live = try registeredKeys(projectCode).filter { $0.revokedAt == nil }
            if owner.publicKey.description == registration.publicKey {
                throw .refused("that is the owner's key (\(owner.name)); the owner signs every project without registering")
            }
            if let same = live.first(where: { $0.registration.publicKey == registration.publicKey }) {
                throw .refused("the key \(registration.publicKey.prefix(16))… is already registered in \(projectCode) as "
                    + "\(same.registration.name) (\(same.registration.role.rawValue)), entry \(same.sequence); revoke "
                    + "it first to change that")
            }
            if let refusal = try database.refusal(ofUserName: registration.name) { throw .refused(refusal) }
            // An entry's author names one holder: a name is the owner's or one live key's.
            if owner.name == registration.name {
                throw .refused("\(registration.name) is the ledger's owner's name; register the key under a name of its own")
            }
            if let same = live.first(where: { $0.registration.name == registration.name }) {
                throw .refused("\(registration.name) is already the name of a live key in \(projectCode) "
                    + "(\(same.registration.publicKey.prefix(16))…, entry \(same.sequence)); register the key under another name, "
                    + "or revoke that one first")
            }
            if let partner = registration.partnerID, grant.partner(partner) == nil {
                throw .refused("\(projectCode) has no partner \(partner); its partners are "
                    + "\(grant.partners.map(\.id).joined(separator: ", "))")
            }
            if registration.partnerID != nil, registration.role != .partner, registration.role != .controller {
                throw .refused("--partner names the partner of a partner key or a controller's; a \(registration.role.rawValue) key "
                    + "has none")
            }
            if registration.role == .partner, registration.partnerID == nil {
                throw .refused("a partner key acts for one partner; name it with --partner ID")
            }
            return try appender.append(.keyRegistered(registration))
        }
    }

    /// Revokes the live registration of `publicKey` in `projectCode`.
    public func revokeKey(_ publicKey: Ed25519.PublicKey, reason: String, projectCode: String,
                          by authorship: Authorship) throws(StoreError) -> LedgerEntry {
        guard reason.contains(where: { !$0.isWhitespace }) else { throw .refused("a revocation needs a reason (--reason TEXT)") }
        return try appending(projectCode: projectCode, by: authorship, "revoke a key") { (appender) throws(StoreError) in
            let live = try registeredKeys(projectCode).filter { $0.revokedAt == nil }
            guard live.contains(where: { $0.registration.publicKey == publicKey.description }) else {
                if try owner()?.publicKey == publicKey { throw .refused("the owner's key cannot be revoked") }
                throw .refused("the key \(publicKey.short)… is not registered in \(projectCode), or was revoked already")
            }
            return try appender.append(.keyRevoked(KeyRevocation(publicKey: publicKey.description, reason: reason)))
        }
    }

    /// Runs `body` in one write transaction with an appender for `projectCode` signing as
    /// `authorship`, then signs the chain head it leaves: every command that appends ends here.
    func appending<T>(projectCode: String, by authorship: Authorship, _ context: String,
                      _ body: (ChainAppender) throws(StoreError) -> T) throws(StoreError) -> T {
        try database.writeTransaction(context) { () throws(StoreError) in
            let appender = try ChainAppender(store: self, projectCode: projectCode, authorship: authorship)
            defer { appender.abandon() }
            let result = try body(appender)
            try appender.seal()
            return result
        }
    }

    /// The signatures stored, in ledger order (only the last with `lastOnly`).
    func signatureRows(lastOnly: Bool = false) throws(StoreError) -> [StoredSignature] {
        let order = lastOnly ? "DESC LIMIT 1" : ""
        let statement = try database.prepare("SELECT first_sequence, last_sequence, public_key, signature FROM signatures "
            + "ORDER BY last_sequence \(order)")
        var rows: [StoredSignature] = []
        while try statement.step() {
            rows.append(StoredSignature(first: statement.integer(0), last: statement.integer(1),
                                        publicKey: Ed25519.PublicKey(hexadecimal: statement.text(2) ?? ""),
                                        signature: LedgerEntry.bytes(hexadecimal: statement.text(3) ?? "") ?? []))
        }
        return rows
    }

    /// The signature over the entries of the command that wrote entry `sequence`, if they are signed.
    public func signature(covering sequence: Int64) throws(StoreError) -> StoredSignature? {
        let statement = try database.prepare("SELECT first_sequence, last_sequence, public_key, signature FROM signatures "
            + "WHERE first_sequence <= ? AND last_sequence >= ? ORDER BY last_sequence LIMIT 1")
        try statement.bind([.integer(sequence), .integer(sequence)])
        guard try statement.step() else { return nil }
        return StoredSignature(first: statement.integer(0), last: statement.integer(1),
                               publicKey: Ed25519.PublicKey(hexadecimal: statement.text(2) ?? ""),
                               signature: LedgerEntry.bytes(hexadecimal: statement.text(3) ?? "") ?? [])
    }

    /// The signature over the chain head, when the last command's entries are signed, with the
    /// name its entries carry as their author (what `verify` checks it against).
    public func headSignature() throws(StoreError) -> (signature: StoredSignature, signer: String)? {
        let head = try chainHead().sequence
        guard head > 0, let last = try signatureRows(lastOnly: true).first, last.last == head else { return nil }
        return (last, try entry(head).author)
    }
}

/// One command's signature: over the hash of entry `last`, covering entries `first` to `last`.
public struct StoredSignature: Equatable, Sendable {
    public let first: Int64
    public let last: Int64
    /// Nil when the stored key is not a key at all.
    public let publicKey: Ed25519.PublicKey?
    public let signature: [UInt8]
}
