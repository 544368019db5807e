import GrantCore
import GrantKeys

extension LedgerStore {
    /// What `verify` found.
    public struct Verification: Equatable, Sendable {
        /// Entries whose hash and links were recomputed.
        public let entriesChecked: Int64
        /// The last entry: record its hash elsewhere to detect a later truncation of the ledger.
        public let head: ChainHead
        /// Every mismatch, in ledger order; the first names the first entry that does not match.
        public let problems: [VerificationProblem]
        /// With a noted head: the entries after it, with who recorded each.
        public let entriesAfterNotedHead: [(sequence: Int64, author: String)]
        /// The ledger's owner, nil for a ledger made before signatures that nobody has claimed.
        public let owner: Owner?
        /// Entries recorded before GrantLedger signed its entries.
        public let unsignedEntries: Int64
        /// The signature over the head, and its signer's name, when the last command's entries are signed and it holds.
        public let headSignature: (signature: StoredSignature, signer: String)?

        public static func == (lhs: Verification, rhs: Verification) -> Bool {
            lhs.entriesChecked == rhs.entriesChecked && lhs.head == rhs.head && lhs.problems == rhs.problems
                && lhs.entriesAfterNotedHead.map(\.sequence) == rhs.entriesAfterNotedHead.map(\.sequence)
                && lhs.owner == rhs.owner && lhs.unsignedEntries == rhs.unsignedEntries
                && lhs.headSignature?.signature == rhs.headSignature?.signature
        }

        public var isIntact: Bool { problems.isEmpty }
    }

    /// One thing that does not match what was recorded.
    public struct VerificationProblem: Equatable, Sendable {
        /// The entry concerned, when there is one.
        public let sequence: Int64?
        public let message: String
    }

    /// Recomputes the whole chain and every stored total: each entry's hash from its fields, each
    /// link to the entry before, each import batch's line count and total, each reversal against
    /// its original, each closed period, and each project definition against its chained hash.
    ///
    /// With `notedHead` (an entry number and the start of its hash, as an earlier `verify`
    /// printed them), it also checks that entry is still there with that hash: entries removed
    /// from the end, which leave a shorter chain that is whole in itself, show up this way.
    /// It reads the file in one read transaction, so imports committed meanwhile are not half seen.
    ///
    /// Every command's signature is checked (`SignatureCheck`); with `ownerKey` (the owner's
    /// public key, noted like the head), a ledger made or rebuilt under other keys is refused.
    public func verify(notedHead: (sequence: Int64, hashPrefix: String)? = nil,
                       ownerKey: Ed25519.PublicKey? = nil) throws(StoreError) -> Verification {
        try database.readTransaction("verify") { () throws(StoreError) in try verifySnapshot(notedHead: notedHead, ownerKey: ownerKey) }
    }

    func verifySnapshot(notedHead: (sequence: Int64, hashPrefix: String)?,
        ownerKey: Ed25519.PublicKey?) throws(StoreError) -> Verification {
        let owner: Owner?
        do {
            owner = try self.owner()
        } catch {
            throw .refused("the ledger's owner statement cannot be read: it was changed behind the engine's back")
        }
        var walk = ChainWalk(signatures: SignatureCheck(owner: owner, signatures: try signatureRows(), ownerKey: ownerKey),
                             referenced: try referencedEntries())
        walk.notedHead = notedHead
        // The projects table itself, not the chain's definitions: a project added there by SQL is found.
        var codes: [String] = []
        let listed = try database.prepare("SELECT code FROM projects ORDER BY code")
        while try listed.step() { codes.append(listed.text(0) ?? "") }
        for code in codes { walk.grants[code] = try? grant(code) }
        var partnerProblems: [VerificationProblem] = []
        let hashing = OrderedWorker<StoredBlock, (StoredBlock, [Bool])>(depth: 2) { [check = BlockHashCheck()] in ($0, check.intact($0)) }
        defer { hashing.finish() }
        try forEachStoredEntry(readAhead: hashing.submit) { (stored) throws(StoreError) in
            if let block = stored.block { while walk.intact?.block !== block { walk.intact = hashing.take() } }
            walk.check(stored)
            if let problem = Self.listedPartnerProblem(stored) { partnerProblems.append(problem) }
        }
        var problems = try database.schemaProblems().map { VerificationProblem(sequence: nil, message: $0) } + partnerProblems
        problems += walk.problems + walk.unfinishedBatches() + walk.notedHeadProblems()
        problems += walk.signatures.finish(head: walk.head.sequence)
        problems += try batchSpendProblems(walk.batchCells, batchEntries: walk.batchEntries)
        for code in codes.sorted() where !walk.definitionHashes.contains(where: { $0.0 == code }) {
            problems.append(VerificationProblem(sequence: nil, message: "project \(code) is in the ledger, but no "
                + "chained entry loaded it: it was added behind the engine's back"))
        }
        for (code, hash) in walk.definitionHashes {
            let grant: Grant
            do {
                grant = try self.grant(code)
            } catch {
                problems.append(VerificationProblem(sequence: walk.definitionSequences[code],
                                                    message: "project \(code) cannot be read back: \(error.message)"))
                continue
            }
            if grant.definitionHash != hash {
                problems.append(VerificationProblem(sequence: walk.definitionSequences[code],
                                                    message: "project \(code): the stored definition (partners, sources, categories, periods, approved amounts or budget lines) no longer matches the fingerprint chained when it was loaded"))
            }
        }
        // Entry problems in ledger order; those of no entry (the schema, the file) after them.
        let ordered = problems.enumerated().sorted { ($0.element.sequence ?? .max, $0.offset) < ($1.element.sequence ?? .max, $1.offset) }
        let headSignature = walk.signatures.headSignature.flatMap { $0.signature.last == walk.head.sequence ? $0 : nil }
        return Verification(entriesChecked: walk.count, head: walk.head, problems: ordered.map(\.element),
                            entriesAfterNotedHead: walk.afterNotedHead, owner: owner, unsignedEntries: walk.signatures.unsignedEntries,
                            headSignature: headSignature)
    }

    /// The entries that reversals and controls name: the only expenditure entries the walk keeps.
    private func referencedEntries() throws(StoreError) -> Set<Int64> {
        let statement = try database.prepare("SELECT reverses FROM entries WHERE reverses IS NOT NULL "
                                             + "UNION SELECT controls FROM entries WHERE controls IS NOT NULL")
        var referenced: Set<Int64> = []
        while try statement.step() { referenced.insert(statement.integer(0)) }
        return referenced
    }

    /// Where blocks list their lines' partners (on a server, whose checks read the list): the
    /// listed partner of `stored` that is not its line's own.
    private static func listedPartnerProblem(_ stored: StoredEntry) -> VerificationProblem? {
        guard let block = stored.block, let listed = block.linePartners, let bytes = stored.reader?.text(7) else { return nil }
        let partner = String(decoding: bytes, as: UTF8.self)
        let entries = Int(block.lastSequence - block.firstSequence + 1)
        if listed.count != entries {
            return stored.index == 0 ? VerificationProblem(sequence: stored.sequence, message: "the block of entries "
                + "\(block.firstSequence)–\(block.lastSequence) lists \(listed.count) partners for its \(entries) lines") : nil
        }
        guard listed[stored.index] != partner else { return nil }
        return VerificationProblem(sequence: stored.sequence, message: "entry \(stored.sequence) is a line of \(partner), but "
            + "the server lists it as \(listed[stored.index])'s: the list its checks read was changed behind the engine's back")
    }

    /// The stored per-batch sums that differ from the batches' lines, or have no lines at all.
    /// Each is named by the batch's own entry.
    private func batchSpendProblems(_ computed: [BatchCell: (declared: Int64, entries: Int64, first: Int64)], batchEntries: [Int64: Int64]) throws(StoreError) -> [VerificationProblem] {
        var expected = computed
        var problems: [VerificationProblem] = []
        let statement = try database.prepare("SELECT batch, partner, category, period, declared_minor, entries FROM batch_spend ORDER BY batch, partner, category, period")
        while try statement.step() {
            let cell = BatchCell(batch: statement.integer(0), partnerID: statement.text(1) ?? "", categoryID: statement.text(2) ?? "",
                                 periodNumber: statement.integer(3))
            let stored = (declared: statement.integer(4), entries: statement.integer(5))
            let lines = expected.removeValue(forKey: cell) ?? (0, 0, 0)
            if stored != (lines.declared, lines.entries) {
                problems.append(VerificationProblem(sequence: batchEntries[cell.batch], message: "the stored sum of import batch \(cell.batch) for \(cell.description) is \(stored.entries) lines totalling \(AmountFormat.en.format(Money.euroCents(stored.declared))), but its lines in the ledger are \(lines.entries) totalling \(AmountFormat.en.format(Money.euroCents(lines.declared)))"))
            }
        }
        for (cell, lines) in expected.sorted(by: { $0.key < $1.key }) {
            problems.append(VerificationProblem(sequence: batchEntries[cell.batch] ?? lines.first, message: "import batch \(cell.batch) has \(lines.entries) lines for \(cell.description) but no stored sum for them"))
        }
        return problems
    }
}

/// One cell of an import batch's stored sums.
struct BatchCell: Hashable, Comparable {
    let batch: Int64
    let partnerID: String
    let categoryID: String
    let periodNumber: Int64

    var description: String { "partner \(partnerID), category \(categoryID), period \(periodNumber)" }

    static func < (lhs: BatchCell, rhs: BatchCell) -> Bool {
        (lhs.batch, lhs.partnerID, lhs.categoryID, lhs.periodNumber) < (rhs.batch, rhs.partnerID, rhs.categoryID, rhs.periodNumber)
    }
}

extension Money {
    /// Euro cents for a message; a sum wrapped past the range shows as its clamped value.
    static func euroCents(_ minorUnits: Int64) -> Money {
        (try? Money(minorUnits: minorUnits, currency: .euro)) ?? Money.zero(.euro)
    }
}
