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
        var walk = ChainWalk(signatures: SignatureCheck(owner: owner, signatures: try signatureRows(), ownerKey: ownerKey))
        walk.notedHead = notedHead
        // The projects table itself, not the chain's definitions: a project added there by SQL is found.
        var codes: [String] = []
        let listed = try database.prepare("SELECT code FROM projects ORDER BY code")
        while try listed.step() { codes.append(listed.text(0) ?? "") }
        for code in codes { walk.grants[code] = try? grant(code) }
        var partnerProblems: [VerificationProblem] = []
        try forEachStoredEntry { (stored) throws(StoreError) in
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

    /// Where blocks list their lines' partners (on a server, whose checks read the list): the
    /// listed partner of `stored` that is not its line's own.
    private static func listedPartnerProblem(_ stored: StoredEntry) -> VerificationProblem? {
        guard let block = stored.block, let listed = block.linePartners, let fields = stored.fields,
              case .text(let partner) = fields[7] else { return nil }
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

/// The state of one pass over the chain, entry by entry.
private struct ChainWalk {
    /// Who signed each entry, checked as the walk goes.
    var signatures: SignatureCheck
    /// The entries' invoice keys, recomputed with each supplier folded once.
    private var invoiceKeys = InvoiceKeys()

    init(signatures: SignatureCheck) { self.signatures = signatures }

    private static func text(_ fields: [FieldValue], _ index: Int) -> String {
        if case .text(let text) = fields[index] { text } else { "" }
    }
    var count: Int64 = 0
    var head = LedgerStore.ChainHead(sequence: 0, hash: LedgerEntry.genesisHash)
    var problems: [LedgerStore.VerificationProblem] = []
    var definitionHashes: [(String, String)] = []
    var definitionSequences: [String: Int64] = [:]
    private var batches: [Int64: (count: Int64, total: Int64)] = [:]
    /// Each batch's lines summed per cell, to check the sums stored beside it.
    private(set) var batchCells: [BatchCell: (declared: Int64, entries: Int64, first: Int64)] = [:]
    /// The entry that records each import batch.
    private(set) var batchEntries: [Int64: Int64] = [:]
    /// A head noted earlier, and the hash found at its entry.
    var notedHead: (sequence: Int64, hashPrefix: String)?
    private var notedHashFound: String?
    /// The entries after the noted head, with their authors.
    private(set) var afterNotedHead: [(sequence: Int64, author: String)] = []
    /// The last line of each batch.
    private var batchLastLines: [Int64: Int64] = [:]
    private var expenditures: [Int64: (amount: Int64, reversed: Bool, partner: String)] = [:]
    private var closedPeriods: [String: Set<Int>] = [:]
    /// The rate recorded for each project, currency and month (`project CUR YYYY-MM-01`).
    private var recordedRates: [String: ExchangeRate] = [:]
    /// The projects the store holds, by code: what each entry is checked against.
    var grants: [String: Grant] = [:]
    /// Blocks already named as damaged (by first sequence), so each is named once.
    private var damagedBlocks: Set<Int64> = []

    /// Checks one stored entry; an entry of a block also against what its block stores.
    mutating func check(_ stored: StoredEntry) {
        guard let block = stored.block else { return check(stored.fields ?? [], storedHash: stored.storedHash) }
        let range = "entries \(block.firstSequence)–\(block.lastSequence)"
        if stored.index == 0, block.storedCount != Int(clamping: block.lastSequence - block.firstSequence + 1)
            || block.hashes.count % 32 != 0 || block.invoiceKeys.count != block.storedCount * 8 || block.previousHash.count != 32 {
            problem(stored.sequence, "the stored block of \(range) is damaged: it holds \(block.hashes.count) bytes of hashes, \(block.invoiceKeys.count) of invoice keys and \(block.previousHash.count) of previous hash for \(block.lastSequence - block.firstSequence + 1) entries")
        }
        if stored.sequence > block.lastSequence {
            if damagedBlocks.insert(block.firstSequence).inserted { problem(block.lastSequence, "the stored block of \(range) holds more than those entries") }
            return
        }
        guard let fields = stored.fields else {
            if damagedBlocks.insert(block.firstSequence).inserted {
                problem(stored.sequence, "entry \(stored.sequence) cannot be read: the stored block of \(range) is damaged from this entry on")
            }
            count += 1
            head = LedgerStore.ChainHead(sequence: stored.sequence, hash: LedgerEntry.bytes(hexadecimal: stored.storedHash) ?? [])
            return
        }
        if let key = block.invoiceKey(stored.index),
           key != invoiceKeys.key(supplier: Self.text(fields, 11), number: Self.text(fields, 10)) {
            problem(stored.sequence, "entry \(stored.sequence): its stored invoice key does not match its partner, supplier and invoice number")
        }
        check(fields, storedHash: stored.storedHash)
    }

    mutating func check(_ fields: [FieldValue], storedHash: String) {
        let problemsBefore = problems.count
        count += 1
        let expectedSequence = head.sequence + 1
        guard case .integer(let sequence) = fields[0] else {
            problem(expectedSequence, "entry after \(head.sequence) has no sequence number")
            return
        }
        if sequence != expectedSequence {
            let missing = sequence - 1 > expectedSequence ? "entries \(expectedSequence)–\(sequence - 1) are" : "entry \(expectedSequence) is"
            problem(expectedSequence, "\(missing) missing: the ledger jumps from entry \(head.sequence) to \(sequence)")
        }
        let computed = SHA256.hash(LedgerEntry.canonicalEncoding(of: fields))
        if computed.hexadecimal != storedHash {
            problem(sequence, "entry \(sequence) was changed after it was recorded: its fields no longer give its stored hash")
        }
        if case .text(let previous) = fields[LedgerEntry.fieldNames.count - 1], previous != head.hash.hexadecimal {
            problem(sequence, "entry \(sequence) does not chain to entry \(head.sequence): its previous hash is not that entry's hash")
        }
        head = LedgerStore.ChainHead(sequence: sequence, hash: LedgerEntry.bytes(hexadecimal: storedHash) ?? [])
        if sequence == notedHead?.sequence { notedHashFound = storedHash }
        if let noted = notedHead, sequence > noted.sequence, case .text(let author) = fields[3] {
            afterNotedHead.append((sequence, author))
        }
        var body: LedgerEntryBody?
        do {
            let entry = try LedgerEntry(fields: fields)
            body = entry.body
            record(entry)
        } catch {
            problem(sequence, "entry \(sequence) cannot be read: \(error.field) is \(error.problem)")
        }
        if case .text(let project) = fields[1], case .text(let author) = fields[3], case .text(let time) = fields[4] {
            signatures.visit(sequence: sequence, project: project, author: author, recordedAt: time, hash: head.hash, body: body,
                             concerning: body.flatMap(originalPartner), damaged: problems.count > problemsBefore)
        }
    }

    /// The partner of the expenditure entry a reversal or control names, when it is one.
    private func originalPartner(_ body: LedgerEntryBody) -> String? {
        switch body {
        case .reversal(let original, _, _, _): expenditures[original]?.partner
        case .control(let control): expenditures[control.entry]?.partner
        default: nil
        }
    }

    /// Keeps what the later entries are checked against: batch sums, originals, closures.
    private mutating func record(_ entry: LedgerEntry) {
        switch entry.body {
        case .projectLoaded(let hash):
            definitionHashes.append((entry.projectCode, hash))
            definitionSequences[entry.projectCode] = entry.sequence
        case .expenditure(let line, let batch, _):
            checkLine(line, of: entry)
            if closedPeriods[entry.projectCode]?.contains(line.periodNumber) == true {
                problem(entry.sequence, "entry \(entry.sequence) is posted in period \(line.periodNumber), which was closed before it")
            }
            batches[batch, default: (0, 0)].count += 1
            batchLastLines[batch] = entry.sequence
            batches[batch, default: (0, 0)].total &+= line.declaredEuros.minorUnits
            let cell = BatchCell(batch: batch, partnerID: line.partnerID, categoryID: line.categoryID, periodNumber: Int64(line.periodNumber))
            batchCells[cell, default: (0, 0, entry.sequence)].declared &+= line.declaredEuros.minorUnits
            batchCells[cell, default: (0, 0, entry.sequence)].entries += 1
            expenditures[entry.sequence] = (line.declaredEuros.minorUnits, false, line.partnerID)
        case .reversal(let original, _, let period, let amount):
            checkReversal(entry, original: original, period: period, amount: amount)
        case .importBatch(let batch):
            batchEntries[batch.number] = entry.sequence
            let found = batches[batch.number] ?? (0, 0)
            if found.count != batch.lineCount || found.total != batch.totalEuros.minorUnits {
                problem(entry.sequence, "entry \(entry.sequence): import batch \(batch.number) (\(batch.fileName)) records \(batch.lineCount) lines totalling \(AmountFormat.en.format(batch.totalEuros)), but its lines in the ledger are \(found.count) totalling \(AmountFormat.en.format(Money.euroCents(found.total)))")
            }
        case .periodClosed(let period):
            closedPeriods[entry.projectCode, default: []].insert(period)
        case .rate(let recorded):
            if batchEntries[recorded.batch] == nil {
                problem(entry.sequence, "entry \(entry.sequence) records a rate for import batch \(recorded.batch), "
                    + "which has no earlier import entry")
            }
            let key = "\(entry.projectCode) \(recorded.rate.currency.code) \(recorded.month)"
            if let earlier = recordedRates[key], earlier != recorded.rate {
                problem(entry.sequence, "entry \(entry.sequence) records \(recorded.rate) \(recorded.rate.currency) "
                    + "per euro for \(String(recorded.month.description.prefix(7))), but \(earlier) was recorded for that month before")
            }
            recordedRates[key] = recorded.rate
        case .keyRegistered, .keyRevoked:
            break  // Checked with the signatures.
        case .paymentReceived(let payment):
            if payment.amount.minorUnits <= 0 {
                problem(entry.sequence, "entry \(entry.sequence) records a payment of \(AmountFormat.en.format(payment.amount)); a payment received is above zero")
            }
        case .control(let control):
            guard let controlled = expenditures[control.entry] else {
                problem(entry.sequence, "entry \(entry.sequence) controls entry \(control.entry), which is not an earlier expenditure entry")
                return
            }
            let certified = control.certified.minorUnits
            if certified.signum() * controlled.amount.signum() < 0 || certified.magnitude > controlled.amount.magnitude {
                problem(entry.sequence, "entry \(entry.sequence) certifies \(AmountFormat.en.format(control.certified)) of entry \(control.entry), which declared \(AmountFormat.en.format(Money.euroCents(controlled.amount)))")
            }
        }
    }

    /// Batches whose lines are in the ledger but whose closing import entry is not: an import
    /// can only ever be recorded whole, so such lines were added or left behind by someone else.
    func unfinishedBatches() -> [LedgerStore.VerificationProblem] {
        batches.keys.filter { batchEntries[$0] == nil }.sorted().map { batch in
            // Named where the closing entry belongs: after the batch's last line.
            let closing = batchLastLines[batch].map { $0 + 1 }
            return LedgerStore.VerificationProblem(sequence: closing, message: "entries of import batch \(batch) have no import entry closing the batch: the batch is incomplete")
        }
    }

    /// Whether the noted head is still in the chain with its hash.
    func notedHeadProblems() -> [LedgerStore.VerificationProblem] {
        guard let notedHead else { return [] }
        guard let found = notedHashFound else {
            return [LedgerStore.VerificationProblem(sequence: notedHead.sequence, message: "entry \(notedHead.sequence) was noted as the chain head, but the ledger now ends at entry \(head.sequence): entries were removed from the end")]
        }
        guard found.hasPrefix(notedHead.hashPrefix.lowercased()) else {
            return [LedgerStore.VerificationProblem(sequence: notedHead.sequence, message: "entry \(notedHead.sequence) was noted with SHA-256 \(notedHead.hashPrefix)…, but its hash is now \(found.prefix(16))…: the ledger was rewritten up to there")]
        }
        return []
    }

    /// What an import enforces of every line, checked again: a partner, category and period of
    /// its project; gross = net + VAT; a foreign line with its rate; at most the gross declared.
    private mutating func checkLine(_ line: ExpenditureLine, of entry: LedgerEntry) {
        let sequence = entry.sequence
        guard let grant = grants[entry.projectCode] else {
            problem(sequence, "entry \(sequence) belongs to project \(entry.projectCode), which no chained definition loaded before it")
            return
        }
        if grant.partner(line.partnerID) == nil { problem(sequence, "entry \(sequence) names partner "
            + "\(line.partnerID), which project \(entry.projectCode) does not have") }
        if !grant.costCategories.contains(where: { $0.id == line.categoryID }) {
            problem(sequence, "entry \(sequence) names cost category \(line.categoryID), which project \(entry.projectCode) does not have")
        }
        if !grant.reportingPeriods.contains(where: { $0.number == line.periodNumber }) {
            problem(sequence, "entry \(sequence) is posted in period \(line.periodNumber), which project "
                + "\(entry.projectCode) does not have")
        }
        if (try? line.net.adding(line.vat)) != line.gross {
            problem(sequence, "entry \(sequence) states a gross of \(AmountFormat.en.format(line.gross)), not its net "
                + "\(AmountFormat.en.format(line.net)) + VAT \(AmountFormat.en.format(line.vat))")
        }
        let rounding = grant.programme.rulePack.conversionRounding
        guard (line.currency == .euro) == (line.exchangeRate == nil) else {
            problem(sequence, "entry \(sequence) is a \(line.currency) line "
                + "\(line.exchangeRate == nil ? "without an exchange rate" : "with an exchange rate")")
            return
        }
        let converted = line.exchangeRate.flatMap { try? $0.euros(for: line.gross, rounding: rounding) } ?? line.gross
        let declared = line.declaredEuros.minorUnits
        if declared.magnitude > converted.minorUnits.magnitude || (declared != 0 && (declared < 0) != (converted.minorUnits < 0)) {
            problem(sequence, "entry \(sequence) declares \(AmountFormat.en.format(line.declaredEuros)) EUR of an "
                + "invoice whose gross is \(AmountFormat.en.format(converted)) EUR")
        }
    }

    private mutating func checkReversal(_ entry: LedgerEntry, original: Int64, period: Int, amount: Money) {
        guard let reversed = expenditures[original] else {
            problem(entry.sequence, "entry \(entry.sequence) reverses entry \(original), which is not an earlier expenditure entry")
            return
        }
        if reversed.reversed { problem(entry.sequence, "entry \(entry.sequence) reverses entry \(original) a second time") }
        if amount.minorUnits != -reversed.amount {
            problem(entry.sequence, "entry \(entry.sequence) reverses \(AmountFormat.en.format(amount)), but entry \(original) declared \(AmountFormat.en.format(Money.euroCents(reversed.amount)))")
        }
        if closedPeriods[entry.projectCode]?.contains(period) == true {
            problem(entry.sequence, "entry \(entry.sequence) is posted in period \(period), which was closed before it")
        }
        expenditures[original]?.reversed = true
    }

    private mutating func problem(_ sequence: Int64?, _ message: String) {
        problems.append(LedgerStore.VerificationProblem(sequence: sequence, message: message))
    }
}

private extension Money {
    /// Euro cents for a message; a sum wrapped past the range shows as its clamped value.
    static func euroCents(_ minorUnits: Int64) -> Money {
        (try? Money(minorUnits: minorUnits, currency: .euro)) ?? Money.zero(.euro)
    }
}
