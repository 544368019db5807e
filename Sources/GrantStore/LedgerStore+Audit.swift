import GrantCore

extension LedgerStore {
    /// Every expenditure and reversal entry of `projectCode` through `pass`, block by block: each
    /// entry is decoded, handed to the pass and let go, so memory stays with the pass (distinct
    /// invoices and cells), not with the lines. Each block is decoded on a second thread while the
    /// pass takes the block before (`DecodedBlock`). Returns the entries given.
    package func audit(projectCode: String, into pass: AuditPass) throws(StoreError) -> Int {
        var reversals: [Int64: (sequence: Int64, period: Int, amount: Money, recordedAt: String)] = [:]
        var controls: [Int64: Money] = [:]
        var verdicts: [(sequence: Int64, control: Control)] = []
        for entry in try entries("WHERE project = ? AND kind IN ('reversal', 'control')", [.text(projectCode)]) {
            switch entry.body {
            case .reversal(let original, _, let period, let amount):
                reversals[original] = (entry.sequence, period, amount, entry.recordedAt)
            case .control(let control): verdicts.append((entry.sequence, control))
            default: break
            }
        }
        let book = try partnerReports(projectCode)
        var partners: [Int64: String] = [:]
        if !book.reports.isEmpty {
            for (sequence, entry) in try expenditureEntries(verdicts.map(\.control.entry)) {
                if case .expenditure(let line, _, _) = entry.body { partners[sequence] = line.partnerID }
            }
        }
        for (sequence, control) in verdicts {
            // The latest verdict in effect wins.
            if let partner = partners[control.entry], book.verdictWaits(sequence, partnerID: partner) { continue }
            controls[control.entry] = control.parked ? nil : control.certified
        }
        pass.expect(lines: try blockEntryCount(projectCode: projectCode))
        let context = pass.context
        var count = 0
        var reversed: [(LedgerEntry, ExpenditureLine)] = []
        var plain = AuditFields(context: context)
        // The blocks come in sequence order, so the reversed entries, sorted, are passed once.
        let reversedSequences = reversals.keys.sorted()
        var nextReversed = 0
        func reversesAny(_ range: ClosedRange<Int64>) -> Bool {
            while nextReversed < reversedSequences.count && reversedSequences[nextReversed] < range.lowerBound { nextReversed += 1 }
            return nextReversed < reversedSequences.count && reversedSequences[nextReversed] <= range.upperBound
        }
        let decoder = BlockDecoder()
        let decoding = OrderedWorker<StoredBlock, DecodedBlock>(depth: 2) { decoder.decode($0) }
        defer { decoding.finish() }
        /// The block's entries to the pass: plainly when they all read plainly and none is
        /// reversed, or else each entry the long way it needs.
        func audit(_ decoded: DecodedBlock) throws(StoreError) {
            let block = decoded.block
            let range = block.firstSequence...max(block.firstSequence, block.lastSequence)
            if decoded.isPlain, !reversesAny(range),
               try plain.add(decoded, certified: { controls[$0] }, to: pass) {
                count += decoded.count
                return
            }
            try block.read { (index, reader) throws(StoreError) in
                guard let reader else {
                    throw .refused("entries \(block.firstSequence)–\(block.lastSequence) cannot be read: their stored block is damaged; "
                        + "run 'grantledger verify'")
                }
                count += 1
                let sequence = block.firstSequence + Int64(index)
                let reversal = reversals[sequence]
                // Most entries go to the pass straight from their bytes; a reversed one, or one whose
                // fields do not read plainly, is decoded in full (which names what is wrong with it).
                if reversal == nil, try plain.add(reader, certified: controls[sequence], to: pass) { return }
                let entry = try decode(reader.fields(previousHash: true))
                guard case .expenditure(let line, _, _) = entry.body else { return }
                if reversal != nil { reversed.append((entry, line)) }
                let control = controls[entry.sequence].map {
                    (Int64(0), Control(entry: entry.sequence, certified: $0, reason: nil, note: ""))
                }
                let audited = LedgerLine(entry: entry, line: line, reversedBy: reversal?.sequence, control: control)
                try Self.add(audited, to: pass, context: context)
            }
        }
        var waiting = false
        try forEachBlock(projectCode: projectCode) { (block) throws(StoreError) in
            decoding.submit(block)
            if waiting { try audit(decoding.take()) }
            waiting = true
        }
        if waiting { try audit(decoding.take()) }
        for (original, line) in reversed {
            guard let reversal = reversals[original.sequence] else { continue }
            let entry = LedgerEntry(sequence: reversal.sequence, projectCode: projectCode,
                                    body: .reversal(original: original.sequence, reason: "", periodNumber: reversal.period,
                                                    amount: reversal.amount),
                                    author: "", recordedAt: reversal.recordedAt, previousHash: LedgerEntry.genesisHash)
            try Self.add(LedgerLine(entry: entry, line: line, reversedBy: nil), to: pass, context: context)
            count += 1
        }
        return count
    }

    /// How many entries the blocks of `projectCode` hold, as their sequence ranges say.
    private func blockEntryCount(projectCode: String) throws(StoreError) -> Int {
        let statement = try database.prepare("SELECT CAST(COALESCE(SUM(last_sequence - first_sequence + 1), 0) AS BIGINT) "
                                             + "FROM entry_blocks WHERE project = ?")
        try statement.bind([.text(projectCode)])
        return try statement.step() ? Int(statement.integer(0)) : 0
    }

    private static func add(_ line: LedgerLine, to pass: AuditPass, context: AuditContext) throws(StoreError) {
        let partner = context.position(ofPartner: line.line.partnerID), category = context.position(ofCategory: line.line.categoryID)
        do {
            try line.withAuditLine(partner: partner, category: category) { (audited) throws(MoneyError) in try pass.add(audited) }
        } catch {
            throw .refused("entry \(line.entry.sequence): \(error)")
        }
    }
}

/// An expenditure entry of a block made an `AuditLine` from its bytes, without decoding the
/// entry: the values read as `LedgerEntry(fields:)` reads them (`PlainExpenditureReading`), the
/// partner and category positions and the recording day of the last entry kept, as a block's
/// entries mostly share them.
private struct AuditFields {
    let context: AuditContext
    private var reading = PlainExpenditureReading()
    private var partners = IDPositions()
    private var categories = IDPositions()
    private var recorded: (block: Int64, day: CalendarDate)?

    init(context: AuditContext) { self.context = context }

    /// Gives the entry to `pass`; false (nothing given) when a field does not read plainly.
    mutating func add(_ reader: BlockEntryReader, certified: Money?, to pass: AuditPass) throws(StoreError) -> Bool {
        let block = reader.block, sequence = block.firstSequence + Int64(reader.index)
        guard let line = reading.line(reader), line.isConsistent, let recordedOn = day(block) else { return false }
        try add(line, sequence: sequence, recordedOn: recordedOn, certified: certified, to: pass)
        return true
    }

    /// Gives every entry of a block decoded plainly to `pass`, each with what `certified` gives
    /// for its sequence; false (nothing given) when the block's recording day does not read.
    mutating func add(_ decoded: DecodedBlock, certified: (Int64) -> Money?, to pass: AuditPass) throws(StoreError) -> Bool {
        let block = decoded.block
        guard let recordedOn = day(block) else { return false }
        for index in 0..<decoded.count {
            let sequence = block.firstSequence + Int64(index)
            try add(decoded.line(index), sequence: sequence, recordedOn: recordedOn, certified: certified(sequence), to: pass)
        }
        return true
    }

    private mutating func add(_ line: PlainExpenditure, sequence: Int64, recordedOn: CalendarDate, certified: Money?,
                              to pass: AuditPass) throws(StoreError) {
        let audited = AuditLine(kind: .expenditure, entry: sequence, sourceLine: Int(line.sourceLine), batch: line.batch,
                                partner: partners.position(line.partner, context.position(ofPartner:)),
                                category: categories.position(line.category, context.position(ofCategory:)),
                                periodNumber: Int(line.period), invoiceDate: line.invoiceDate, paymentDate: line.paymentDate,
                                net: line.net, vat: line.vat, gross: line.gross, exchangeRate: line.exchangeRate,
                                declared: line.declared, euros: line.declared, reversed: false, certified: certified,
                                recordedOn: recordedOn, invoiceNumber: line.invoiceNumber, supplier: line.supplier)
        do {
            try pass.add(audited)
        } catch {
            throw .refused("entry \(sequence): \(error)")
        }
    }

    private mutating func day(_ block: StoredBlock) -> CalendarDate? {
        if let recorded, recorded.block == block.firstSequence { return recorded.day }
        guard let found = CalendarDate(text: String(block.recordedAt.prefix(10))) else { return nil }
        recorded = (block.firstSequence, found)
        return found
    }
}

/// The position in the audit's context of each partner or category ID met in stored bytes.
private struct IDPositions {
    private var known = KnownIDs()
    private var positions: [Int] = []

    /// The position of the ID spelled `id`, as `find` gives it for its text.
    mutating func position(_ id: UnsafeBufferPointer<UInt8>, _ find: (String) -> Int) -> Int {
        let place = Int(known.place(of: id))
        if place == positions.count { positions.append(find(known.text(Int32(place)))) }
        return positions[place]
    }
}
