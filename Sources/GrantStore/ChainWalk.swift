import GrantCore

/// The state of one pass over the chain, entry by entry.
struct ChainWalk {
    /// Who signed each entry, checked as the walk goes.
    var signatures: SignatureCheck
    /// The entries' invoice keys, recomputed with each supplier folded once.
    private var invoiceKeys = InvoiceKeys()

    /// The expenditure entries that reversals and controls name: the only ones kept (all, when nil).
    private let referenced: Set<Int64>?
    /// Expenditure entries of blocks read from their bytes, and the encoding their hashes are computed from.
    private var plain = PlainExpenditureReading()
    /// Partner and category IDs, each made a `String` once, by their place in `names`.
    private var names = KnownIDs()
    /// Which entries of the block read are intact in their bytes (`BlockHashCheck`), by place.
    var intact: (block: StoredBlock, entries: [Bool])?
    /// The project of the block read, as `checkPlain` checks its lines.
    private var shape: ProjectShape?

    init(signatures: SignatureCheck, referenced: Set<Int64>?) {
        self.signatures = signatures
        self.referenced = referenced
    }

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
    private var cells: [CellKey: (declared: Int64, entries: Int64, first: Int64)] = [:]
    /// The entry that records each import batch.
    private(set) var batchEntries: [Int64: Int64] = [:]
    /// A head noted earlier, and the hash found at its entry.
    var notedHead: (sequence: Int64, hashPrefix: String)?
    private var notedHashFound: String?
    /// The entries after the noted head, with their authors.
    private(set) var afterNotedHead: [(sequence: Int64, author: String)] = []
    /// The last line of each batch.
    private var batchLastLines: [Int64: Int64] = [:]
    private var expenditures: [Int64: (amount: Int64, reversed: Bool, partner: Int32)] = [:]
    private var closedPeriods: [String: Set<Int>] = [:]
    /// The rate recorded for each project, currency and month (`project CUR YYYY-MM-01`).
    private var recordedRates: [String: ExchangeRate] = [:]
    /// The projects the store holds, by code: what each entry is checked against.
    var grants: [String: Grant] = [:]
    /// Each project's partner reports as their steps replay them.
    private var reportBooks: [String: PartnerReportBook] = [:]
    /// The state the last partner-report entry found its report in, for its signer's role.
    private var reportFrom: PartnerReportState?
    /// Blocks already named as damaged (by first sequence), so each is named once.
    private var damagedBlocks: Set<Int64> = []

    /// Checks one stored entry; an entry of a block also against what its block stores.
    mutating func check(_ stored: StoredEntry) {
        guard let block = stored.block else { return check(stored.fields() ?? [], storedHash: stored.storedHash) }
        var range: String { "entries \(block.firstSequence)–\(block.lastSequence)" }
        if stored.index == 0, block.storedCount != Int(clamping: block.lastSequence - block.firstSequence + 1)
            || block.hashes.count % 32 != 0 || block.invoiceKeys.count != block.storedCount * 8 || block.previousHash.count != 32 {
            problem(stored.sequence, "the stored block of \(range) is damaged: it holds \(block.hashes.count) bytes of hashes, "
                + "\(block.invoiceKeys.count) of invoice keys and \(block.previousHash.count) of previous hash for "
                + "\(block.lastSequence - block.firstSequence + 1) entries")
        }
        if stored.sequence > block.lastSequence {
            if damagedBlocks.insert(block.firstSequence).inserted {
                problem(block.lastSequence, "the stored block of \(range) holds more than those entries")
            }
            return
        }
        guard let reader = stored.reader else {
            if damagedBlocks.insert(block.firstSequence).inserted {
                problem(stored.sequence, "entry \(stored.sequence) cannot be read: the stored block of \(range) is damaged "
                    + "from this entry on")
            }
            count += 1
            head = LedgerStore.ChainHead(sequence: stored.sequence, hash: LedgerEntry.bytes(hexadecimal: stored.storedHash) ?? [])
            return
        }
        if checkPlain(stored, reader) { return }
        let fields = reader.fields(previousHash: true)
        if let key = block.invoiceKey(stored.index),
           key != invoiceKeys.key(supplier: Self.text(fields, 11), number: Self.text(fields, 10)) {
            problem(stored.sequence, "entry \(stored.sequence): its stored invoice key does not match its partner, supplier "
                + "and invoice number")
        }
        check(fields, storedHash: stored.storedHash)
    }

    mutating func check(_ fields: [FieldValue], storedHash: String) {
        let problemsBefore = problems.count
        shape = nil  // What it records (a closed period, a project) may change what a block's lines are checked against.
        count += 1
        let expectedSequence = head.sequence + 1
        guard case .integer(let sequence) = fields[0] else {
            problem(expectedSequence, "entry after \(head.sequence) has no sequence number")
            return
        }
        if sequence != expectedSequence {
            let missing = sequence - 1 > expectedSequence ? "entries \(expectedSequence)–\(sequence - 1) are"
                : "entry \(expectedSequence) is"
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
                             action: body.map(action),
                             damaged: problems.count > problemsBefore)
        }
    }

    /// An entry of a block checked from its bytes, with no `FieldValue`, `String` or entry made:
    /// when it chains to the head, is intact in its bytes (`intact`: its hash and invoice key
    /// hold), reads as an expenditure entry and passes each check `check(_:storedHash:)` makes
    /// of one, it is recorded as that records it, and true returned. Otherwise nothing is recorded and false returned; the entry then goes
    /// through `check(_:storedHash:)`, which names what is wrong.
    private mutating func checkPlain(_ stored: StoredEntry, _ reader: BlockEntryReader) -> Bool {
        let block = reader.block, index = reader.index, sequence = stored.sequence
        let chained = index == 0 ? block.previousHash == head.hash : block.storesHash(head.hash, at: index - 1)
        guard sequence == head.sequence + 1, sequence >= 1, index < block.storedCount, block.previousHash.count == 32, chained,
              let project = project(of: block), let line = plain.line(reader), line.isConsistent,
              !project.closedPeriods.contains(line.period) else { return false }
        guard let intact, intact.block === block, index < intact.entries.count, intact.entries[index],
              let partner = names.placeOfText(line.partner), project.partners.contains(partner),
              let category = names.placeOfText(line.category), project.categories.contains(category),
              project.periods.contains(line.period),
              Self.declaresAtMostGross(declared: line.declared, gross: line.gross, rate: line.exchangeRate,
                                       rounding: project.rounding) else { return false }
        let hash = Array(block.storedHash(index))
        count += 1
        head = LedgerStore.ChainHead(sequence: sequence, hash: hash)
        if sequence == notedHead?.sequence { notedHashFound = hash.hexadecimal }
        if let noted = notedHead, sequence > noted.sequence { afterNotedHead.append((sequence, block.author)) }
        recordExpenditure(sequence, batch: line.batch, partner: partner, category: category, period: line.period,
                          declared: line.declared.minorUnits)
        signatures.visit(sequence: sequence, project: block.projectCode, author: block.author, recordedAt: block.recordedAt,
                         hash: hash, body: nil, action: .importExpenditure(partner: names.text(partner)), damaged: false)
        return true
    }

    /// What the lines of `block`'s project are checked against, made once per block.
    private mutating func project(of block: StoredBlock) -> ProjectShape? {
        if let shape, shape.block == block.firstSequence { return shape }
        guard let grant = grants[block.projectCode] else { return nil }
        let made = ProjectShape(block: block.firstSequence, partners: Set(grant.partners.map { names.place(of: $0.id.utf8) }),
                                categories: Set(grant.costCategories.map { names.place(of: $0.id.utf8) }),
                                periods: Set(grant.reportingPeriods.map { Int64($0.number) }),
                                closedPeriods: Set((closedPeriods[block.projectCode] ?? []).map(Int64.init)),
                                rounding: grant.programme.rulePack.conversionRounding)
        shape = made
        return made
    }

    /// Whether a line declares no more euros than its gross converted, and not the other sign.
    private static func declaresAtMostGross(declared: Money, gross: Money, rate: ExchangeRate?, rounding: RoundingMode) -> Bool {
        let converted = rate.flatMap { try? $0.euros(for: gross, rounding: rounding) } ?? gross
        let declared = declared.minorUnits
        return !(declared.magnitude > converted.minorUnits.magnitude || (declared != 0 && (declared < 0) != (converted.minorUnits < 0)))
    }

    /// Each batch's lines summed per cell, to check the sums stored beside it.
    var batchCells: [BatchCell: (declared: Int64, entries: Int64, first: Int64)] {
        Dictionary(uniqueKeysWithValues: cells.map { cell, sums in
            (BatchCell(batch: cell.batch, partnerID: names.text(cell.partner), categoryID: names.text(cell.category),
                       periodNumber: cell.period),
             sums)
        })
    }

    /// An expenditure entry's part in its batch's sums, and the entry kept when a reversal or control names it.
    private mutating func recordExpenditure(_ sequence: Int64, batch: Int64, partner: Int32, category: Int32, period: Int64,
                                            declared: Int64) {
        batches[batch, default: (0, 0)].count += 1
        batches[batch, default: (0, 0)].total &+= declared
        batchLastLines[batch] = sequence
        let cell = CellKey(batch: batch, partner: partner, category: category, period: period)
        cells[cell, default: (0, 0, sequence)].declared &+= declared
        cells[cell, default: (0, 0, sequence)].entries += 1
        if referenced?.contains(sequence) ?? true { expenditures[sequence] = (declared, false, partner) }
    }

    /// What an entry does, for its signer's role: a partner report's step from the state it found.
    private func action(_ body: LedgerEntryBody) -> KeyAuthority.Action {
        if case .partnerReport(let event) = body { return .partnerReport(event.step, partner: event.partnerID, from: reportFrom) }
        return KeyAuthority.Action(body, partner: originalPartner(body))
    }

    /// The partner of the expenditure entry a reversal or control names, when it is one.
    private func originalPartner(_ body: LedgerEntryBody) -> String? {
        switch body {
        case .reversal(let original, _, _, _): expenditures[original].map { names.text($0.partner) }
        case .control(let control): expenditures[control.entry].map { names.text($0.partner) }
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
            recordExpenditure(entry.sequence, batch: batch, partner: names.place(of: line.partnerID.utf8),
                              category: names.place(of: line.categoryID.utf8), period: Int64(line.periodNumber),
                              declared: line.declaredEuros.minorUnits)
        case .reversal(let original, _, let period, let amount):
            checkReversal(entry, original: original, period: period, amount: amount)
        case .importBatch(let batch):
            batchEntries[batch.number] = entry.sequence
            let found = batches[batch.number] ?? (0, 0)
            if found.count != batch.lineCount || found.total != batch.totalEuros.minorUnits {
                problem(entry.sequence, "entry \(entry.sequence): import batch \(batch.number) (\(batch.fileName)) records "
                    + "\(batch.lineCount) lines totalling \(AmountFormat.en.format(batch.totalEuros)), but its lines in the "
                    + "ledger are \(found.count) totalling \(AmountFormat.en.format(Money.euroCents(found.total)))")
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
        case .partnerReport(let event):
            reportFrom = reportBooks[entry.projectCode]?.report(partner: event.partnerID, number: event.number)?.state
            let grant = grants[entry.projectCode]
            let (partners, periods) = (Set(grant?.partners.map(\.id) ?? []), Set(grant?.reportingPeriods.map(\.number) ?? []))
            if let refusal = reportBooks[entry.projectCode, default: PartnerReportBook()]
                .apply(event, sequence: entry.sequence, partners: partners, periods: periods) {
                problem(entry.sequence, "entry \(entry.sequence): \(refusal)")
            }
            // The seed must be the chain head's before the entry: a sample cannot be redrawn until it pleases.
            if let terms = event.sampling,
               terms.seed != ControlSample.seed(chainHead: entry.previousHash, partnerID: event.partnerID, report: event.number) {
                problem(entry.sequence, "entry \(entry.sequence) starts the control of partner report \(event.partnerID)/\(event.number) "
                    + "with a seed that is not the one the chain head before it gives")
            }
        case .paymentReceived(let payment):
            if payment.amount.minorUnits <= 0 {
                problem(entry.sequence, "entry \(entry.sequence) records a payment of \(AmountFormat.en.format(payment.amount)); "
                    + "a payment received is above zero")
            }
        case .control(let control):
            guard let controlled = expenditures[control.entry] else {
                problem(entry.sequence, "entry \(entry.sequence) controls entry \(control.entry), which is not an earlier "
                    + "expenditure entry")
                return
            }
            let certified = control.certified.minorUnits
            if certified.signum() * controlled.amount.signum() < 0 || certified.magnitude > controlled.amount.magnitude {
                problem(entry.sequence, "entry \(entry.sequence) certifies \(AmountFormat.en.format(control.certified)) of entry "
                    + "\(control.entry), which declared \(AmountFormat.en.format(Money.euroCents(controlled.amount)))")
            }
        }
    }

    /// Batches whose lines are in the ledger but whose closing import entry is not: an import
    /// can only ever be recorded whole, so such lines were added or left behind by someone else.
    func unfinishedBatches() -> [LedgerStore.VerificationProblem] {
        batches.keys.filter { batchEntries[$0] == nil }.sorted().map { batch in
            // Named where the closing entry belongs: after the batch's last line.
            let closing = batchLastLines[batch].map { $0 + 1 }
            return LedgerStore.VerificationProblem(sequence: closing, message: "entries of import batch \(batch) have no import "
                + "entry closing the batch: the batch is incomplete")
        }
    }

    /// Whether the noted head is still in the chain with its hash.
    func notedHeadProblems() -> [LedgerStore.VerificationProblem] {
        guard let notedHead else { return [] }
        guard let found = notedHashFound else {
            return [LedgerStore.VerificationProblem(sequence: notedHead.sequence, message: "entry \(notedHead.sequence) was noted "
                + "as the chain head, but the ledger now ends at entry \(head.sequence): entries were removed from the end")]
        }
        guard found.hasPrefix(notedHead.hashPrefix.lowercased()) else {
            return [LedgerStore.VerificationProblem(sequence: notedHead.sequence, message: "entry \(notedHead.sequence) was noted "
                + "with SHA-256 \(notedHead.hashPrefix)…, but its hash is now \(found.prefix(16))…: the ledger was rewritten "
                + "up to there")]
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
        let amounts = LineAmounts(net: line.net, vat: line.vat, gross: line.gross, exchangeRate: line.exchangeRate)
        if !amounts.grossIsNetPlusVAT {
            problem(sequence, "entry \(sequence) states a gross of \(AmountFormat.en.format(line.gross)), not its net "
                + "\(AmountFormat.en.format(line.net)) + VAT \(AmountFormat.en.format(line.vat))")
        }
        let rounding = grant.programme.rulePack.conversionRounding
        guard amounts.rateMatchesCurrency else {
            problem(sequence, "entry \(sequence) is a \(line.currency) line "
                + "\(line.exchangeRate == nil ? "without an exchange rate" : "with an exchange rate")")
            return
        }
        if !Self.declaresAtMostGross(declared: line.declaredEuros, gross: line.gross, rate: line.exchangeRate, rounding: rounding) {
            let converted = line.exchangeRate.flatMap { try? $0.euros(for: line.gross, rounding: rounding) } ?? line.gross
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
            problem(entry.sequence, "entry \(entry.sequence) reverses \(AmountFormat.en.format(amount)), but entry \(original) "
                + "declared \(AmountFormat.en.format(Money.euroCents(reversed.amount)))")
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


/// A cell of an import batch's sums, its partner and category by their place in `KnownIDs`.
private struct CellKey: Hashable {
    let batch: Int64
    let partner: Int32
    let category: Int32
    let period: Int64
}

/// A project's partners, categories and periods, and its periods closed before a block: what
/// `ChainWalk.checkPlain` checks the block's lines against.
private struct ProjectShape {
    /// The block it was made for, by its first entry (a block's entries are one command's).
    let block: Int64
    let partners: Set<Int32>
    let categories: Set<Int32>
    let periods: Set<Int64>
    let closedPeriods: Set<Int64>
    let rounding: RoundingMode
}
