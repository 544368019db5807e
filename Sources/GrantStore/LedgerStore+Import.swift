import GrantCore
import GrantKeys

extension LedgerStore {
    /// What an import recorded.
    public struct ImportOutcome: Equatable, Sendable {
        public let batch: ImportBatch
        /// The sequence numbers of the batch's first and last lines.
        public let firstSequence: Int64
        public let lastSequence: Int64
        /// Invoices now declared beyond their gross (`SameInvoice`; reversed entries do not count).
        public let duplicates: [DuplicateInvoice]
        /// The rates recorded after the batch, with their entries.
        public let rates: [(sequence: Int64, rate: RecordedRate)]

        public static func == (lhs: ImportOutcome, rhs: ImportOutcome) -> Bool {
            lhs.batch == rhs.batch && lhs.firstSequence == rhs.firstSequence && lhs.lastSequence == rhs.lastSequence
                && lhs.duplicates == rhs.duplicates && lhs.rates.map(\.sequence) == rhs.rates.map(\.sequence)
                && lhs.rates.map(\.rate) == rhs.rates.map(\.rate)
        }
    }

    /// An invoice whose live entries now declare more than its gross, by any partners.
    public struct DuplicateInvoice: Equatable, Sendable {
        /// The supplier and number as the first entry writes them.
        public let supplier: String
        public let invoiceNumber: String
        /// The entries that declare it, in ledger order, each with its partner.
        public let entries: [(sequence: Int64, partnerID: String)]
        /// What they declare beyond the invoice's gross, in euro.
        public let excess: Money

        public static func == (lhs: DuplicateInvoice, rhs: DuplicateInvoice) -> Bool {
            lhs.supplier == rhs.supplier && lhs.invoiceNumber == rhs.invoiceNumber && lhs.excess == rhs.excess
                && lhs.entries.map(\.sequence) == rhs.entries.map(\.sequence)
                && lhs.entries.map(\.partnerID) == rhs.entries.map(\.partnerID)
        }
    }

    /// Imports one file's expenditure lines as one batch, in one transaction: `read` is called
    /// with an `ImportRecorder`, records each line of the file with it in order, and returns the
    /// file's SHA-256 once the file is read. Anything thrown, by `read` or here, rolls the whole
    /// batch back. The rates of `rates` that the batch's foreign lines convert or check at (for
    /// the month the project's pack names) are recorded after the batch, once per currency and
    /// month; a month the ledger already has another rate for is refused.
    public func importExpenditure(projectCode: String, fileName: String, submittedOn: CalendarDate, by authorship: Authorship,
                                  rates: RateTable? = nil, read: (ImportRecorder) throws -> [UInt8]) throws -> ImportOutcome {
        try database.writeTransactionCarrying("import \(fileName)") {
            let pack = try grant(projectCode).programme.rulePack
            let appender = try ChainAppender(store: self, projectCode: projectCode, authorship: authorship)
            defer { appender.abandon() }
            let recorder = ImportRecorder(appender: appender, batch: try nextBatchNumber(), grant: try grant(projectCode),
                                          closed: try closedPeriods(projectCode), fileName: fileName, submittedOn: submittedOn)
            let contentHash = try read(recorder)
            let last = try appender.settle().sequence  // The database is this thread's alone again.
            try refuseRepeatedFile(projectCode: projectCode, contentHash: contentHash.hexadecimal, fileName: fileName)
            try refuseFrozenReports(projectCode: projectCode, cells: recorder.spend.partnersAndPeriods, file: fileName)
            guard recorder.count > 0, let first = recorder.first else {
                throw StoreError.refused("\(fileName) has a header but no expenditure lines; nothing was imported")
            }
            let batch = ImportBatch(number: recorder.batch, fileName: fileName, contentHash: contentHash.hexadecimal, lineCount: recorder.count,
                                    totalEuros: try Money(minorUnits: recorder.totalCents, currency: .euro), submittedOn: submittedOn)
            try appender.append(.importBatch(batch))
            let recorded = try recordRates(recorder.foreignMonths, from: rates, batch: recorder.batch,
                                           projectCode: projectCode, file: fileName,
                                           appender: appender)
            try recorder.spend.write(batch: recorder.batch, projectCode: projectCode, to: database)
            try appender.seal()
            return ImportOutcome(batch: batch, firstSequence: first, lastSequence: last,
                                 duplicates: try duplicateInvoices(projectCode: projectCode, lines: first...last,
                                                                   pack: pack), rates: recorded)
        }
    }

    /// Records the lines of one import, as the expenditure reader hands them on
    /// (`ExpenditureRecord`): values and bytes in place, no string per field.
    public final class ImportRecorder {
        private let appender: ChainAppender
        let batch: Int64
        private let grant: Grant
        private let closed: [Int: LedgerEntry]
        private let fileName: String
        private let submittedOn: CalendarDate
        private(set) var count: Int64 = 0
        private(set) var totalCents: Int64 = 0
        private(set) var first: Int64?
        private(set) var spend = BatchSpend()
        /// The currency and rate month of each foreign line.
        private(set) var foreignMonths: Set<CurrencyMonth> = []
        /// The grant's partner and category identifiers as bytes, by position.
        private let partnerIDs: [[UInt8]]
        private let categoryIDs: [[UInt8]]

        init(appender: ChainAppender, batch: Int64, grant: Grant, closed: [Int: LedgerEntry], fileName: String, submittedOn: CalendarDate) {
            self.appender = appender
            self.batch = batch
            self.grant = grant
            self.closed = closed
            self.fileName = fileName
            self.submittedOn = submittedOn
            partnerIDs = grant.partners.map { Array($0.id.utf8) }
            categoryIDs = grant.costCategories.map { Array($0.id.utf8) }
        }

        /// Records `record`, of the recorder's project (its partner and category are positions in its grant).
        package func record(_ record: borrowing ExpenditureRecord) throws(StoreError) {
            let record = copy record  // a few words, copied to be captured
            try partnerIDs[record.partner].withUnsafeBufferPointer { (partner) throws(StoreError) in
                try categoryIDs[record.category].withUnsafeBufferPointer { (category) throws(StoreError) in
                    try self.record(record, partnerID: partner, categoryID: category)
                }
            }
        }

        /// Records `line`, read from line `sourceLine` of the file, as the record it stands for. Its
        /// partner and category are written as they are (verify's tests record ones the project lacks).
        public func record(_ line: ExpenditureLine, sourceLine: Int) throws(StoreError) {
            let (partner, category) = (Array(line.partnerID.utf8), Array(line.categoryID.utf8))
            let (number, supplier) = (Array(line.invoiceNumber.utf8), Array(line.supplier.utf8))
            let (description, document) = (Array(line.description.utf8), Array(line.documentReference.utf8))
            try number.withUnsafeBufferPointer { (number) throws(StoreError) in
                try supplier.withUnsafeBufferPointer { (supplier) throws(StoreError) in
                    try description.withUnsafeBufferPointer { (description) throws(StoreError) in
                        try document.withUnsafeBufferPointer { (document) throws(StoreError) in
                            let record = ExpenditureRecord(
                                sourceLine: sourceLine, partner: -1, category: -1, periodNumber: line.periodNumber,
                                invoiceDate: line.invoiceDate, paymentDate: line.paymentDate, net: line.net, vat: line.vat,
                                gross: line.gross, exchangeRate: line.exchangeRate, declared: line.declaredEuros,
                                invoiceNumber: number, supplier: supplier, description: description, documentReference: document)
                            try partner.withUnsafeBufferPointer { (partner) throws(StoreError) in
                                try category.withUnsafeBufferPointer { (category) throws(StoreError) in
                                    try self.record(record, partnerID: partner, categoryID: category)
                                }
                            }
                        }
                    }
                }
            }
        }

        private func record(_ record: borrowing ExpenditureRecord, partnerID partner: UnsafeBufferPointer<UInt8>,
                            categoryID category: UnsafeBufferPointer<UInt8>) throws(StoreError) {
            let record = copy record  // a few words, copied to be captured
            let sourceLine = record.sourceLine
            try refuseClosed(record.periodNumber, sourceLine: sourceLine)
            if record.currency != .euro {
                let month = grant.programme.rulePack.conversionMonth == .submission ? submittedOn : record.invoiceDate
                foreignMonths.insert(CurrencyMonth(currency: record.currency, monthOf: month))
            }
            let sequence = try located(sourceLine) { () throws(StoreError) in
                try appender.appendLine(record, partnerID: partner, categoryID: category, batch: batch)
            }
            let declared = record.declared.minorUnits
            try count(sequence, declared: declared, sourceLine: sourceLine,
                      added: spend.add(partner: partner, category: category, period: record.periodNumber, declared: declared))
        }

        /// A refusal of one line (a partner key's line of another partner) named by its file and line.
        private func located<T>(_ sourceLine: Int, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
            do {
                return try body()
            } catch {
                guard case .refused(let reason) = error else { throw error }
                throw .refused("\(fileName):\(sourceLine): \(reason); nothing was imported")
            }
        }

        private func refuseClosed(_ period: Int, sourceLine: Int) throws(StoreError) {
            guard let closure = closed[period] else { return }
            throw .refused("\(fileName):\(sourceLine): period \(period) was closed on \(closure.recordedAt) by \(closure.author); a closed period takes no new entries")
        }

        /// Counts the entry just appended; `added` says whether its cell's sum stayed in range.
        private func count(_ sequence: Int64, declared: Int64, sourceLine: Int, added: Bool) throws(StoreError) {
            first = first ?? sequence
            count += 1
            let (sum, overflow) = totalCents.addingReportingOverflow(declared)
            guard !overflow, added else {
                throw .refused("\(fileName):\(sourceLine): the declared amounts add up to more than the ledger can hold (92,233,720,368,547,758.07); nothing was imported")
            }
            totalCents = sum
        }
    }

    /// Records the rates of `table` for `months` that the project has not recorded yet; refuses a
    /// month recorded before at another rate.
    private func recordRates(_ months: Set<CurrencyMonth>, from table: RateTable?, batch: Int64, projectCode: String, file: String,
                             appender: ChainAppender) throws -> [(sequence: Int64, rate: RecordedRate)] {
        guard let table, !months.isEmpty else { return [] }
        var recorded: [CurrencyMonth: (rate: ExchangeRate, batch: Int64)] = [:]
        for entry in try recordedRateEntries(projectCode) {
            recorded[CurrencyMonth(currency: entry.rate.currency, monthOf: entry.month)] = (entry.rate, entry.batch)
        }
        let (new, conflicts) = table.ratesToRecord(months, recorded: recorded.mapValues(\.rate))
        if let conflict = conflicts.first {
            let month = String(conflict.key.month.description.prefix(7))
            throw StoreError.refused("\(file): the rate table gives \(conflict.table) \(conflict.key.currency) per "
                + "euro for \(month), but the ledger recorded \(conflict.recorded) for that month with import batch "
                + "\(recorded[conflict.key]!.batch); a month has one rate, so nothing was imported")
        }
        return try new.map { key, rate in
            let recorded = RecordedRate(rate: rate, month: key.month, batch: batch)
            return (try appender.append(.rate(recorded)).sequence, recorded)
        }
    }

    /// The rates the project's imports recorded, in ledger order.
    func recordedRateEntries(_ projectCode: String) throws(StoreError) -> [RecordedRate] {
        try entries("WHERE kind = 'rate' AND project = ?", [.text(projectCode)]).compactMap { entry in
            if case .rate(let recorded) = entry.body { return recorded }
            return nil
        }
    }

    /// The rates the project's imports recorded, as a table; nil when none were.
    public func recordedRates(_ projectCode: String) throws(StoreError) -> RateTable? {
        let recorded = try recordedRateEntries(projectCode)
        guard !recorded.isEmpty else { return nil }
        var table = RateTable()
        for entry in recorded { table.add(entry.rate, year: entry.month.year, month: entry.month.month) }
        return table
    }

    /// The declared spend of one batch per partner × category × period, stored beside it. Partners
    /// and categories are kept as bytes and found by comparing bytes, and cells by a search of
    /// the few there are (a project has a few dozen), so a line given as bytes is summed without
    /// making a string or hashing a key.
    struct BatchSpend {
        private var partners = KnownIDs()
        private var categories = KnownIDs()
        private var cells: [(partner: Int32, category: Int32, period: Int, declared: Int64, entries: Int64)] = []
        /// The cell the last line went to: lines often come in runs of one cell.
        private var last = 0

        /// Adds a line; false when the cell's sum would overflow.
        mutating func add(partner: some Collection<UInt8>, category: some Collection<UInt8>, period: Int, declared: Int64) -> Bool {
            let partnerIndex = partners.place(of: partner), categoryIndex = categories.place(of: category)
            func matches(_ cell: Int) -> Bool {
                cells[cell].partner == partnerIndex && cells[cell].category == categoryIndex && cells[cell].period == period
            }
            if !(last < cells.count && matches(last)) {
                if let found = cells.indices.first(where: matches) {
                    last = found
                } else {
                    cells.append((partnerIndex, categoryIndex, period, 0, 0))
                    last = cells.count - 1
                }
            }
            let (sum, overflow) = cells[last].declared.addingReportingOverflow(declared)
            cells[last].declared = sum
            cells[last].entries += 1
            return !overflow
        }

        /// Each partner and period the batch has lines of, once.
        var partnersAndPeriods: [(partner: String, period: Int)] {
            var seen: [(partner: String, period: Int)] = []
            for cell in cells where !seen.contains(where: { $0.partner == partners.text(cell.partner) && $0.period == cell.period }) {
                seen.append((partners.text(cell.partner), cell.period))
            }
            return seen
        }

        func write(batch: Int64, projectCode: String, to database: any Database) throws(StoreError) {
            let insert = try database.prepare("INSERT INTO batch_spend (batch, project, partner, category, period, declared_minor, entries) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for cell in cells {
                insert.reset()
                try insert.bindAndStep([.integer(batch), .text(projectCode), .text(partners.text(cell.partner)),
                                        .text(categories.text(cell.category)),
                                        .integer(Int64(cell.period)), .integer(cell.declared), .integer(cell.entries)])
            }
        }
    }

    /// The import batches of `projectCode`, by batch number.
    public func importBatches(_ projectCode: String) throws(StoreError) -> [Int64: ImportBatch] {
        var batches: [Int64: ImportBatch] = [:]
        for entry in try entries("WHERE kind = 'import' AND project = ?", [.text(projectCode)]) {
            if case .importBatch(let batch) = entry.body { batches[batch.number] = batch }
        }
        return batches
    }

    private func nextBatchNumber() throws(StoreError) -> Int64 {
        let statement = try database.prepare("SELECT coalesce(max(batch), 0) + 1 FROM entries WHERE kind = 'import'")
        _ = try statement.step()
        return statement.integer(0)
    }

    private func refuseRepeatedFile(projectCode: String, contentHash: String, fileName: String) throws(StoreError) {
        let statement = try database.prepare(
            "SELECT batch, file_name, recorded_at, author FROM entries WHERE kind = 'import' AND project = ? AND content_hash = ?")
        try statement.bind([.text(projectCode), .text(contentHash)])
        guard try statement.step() else { return }
        throw .refused("\(fileName) was already imported into \(projectCode) on \(statement.text(2) ?? "?") by \(statement.text(3) ?? "?") as batch \(statement.integer(0)) (\(statement.text(1) ?? "?")); the file is the same to the byte (SHA-256 \(contentHash.prefix(16))…), so nothing was imported")
    }

    /// Invoices of the lines just imported (`lines`) that live (unreversed) entries of the project
    /// now declare beyond their gross, by the one rule the audit applies (`SameInvoice`). The
    /// stored invoice keys are checked once for repeats to find the candidates; only those few
    /// entries are read and compared in full, so the check stays cheap however large the ledger grows.
    func duplicateInvoices(projectCode: String, lines: ClosedRange<Int64>, pack: RulePack) throws -> [DuplicateInvoice] {
        var keys: [UInt64] = []
        var blocks: [(first: Int64, start: Int)] = []
        let statement = try database.prepare("SELECT first_sequence, invoice_keys FROM entry_blocks WHERE project = ? ORDER BY first_sequence")
        try statement.bind([.text(projectCode)])
        while try statement.step() {
            blocks.append((statement.integer(0), keys.count))
            let bytes = statement.blob(1)
            bytes.withUnsafeBytes { raw in
                for index in 0..<(raw.count / 8) { keys.append(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self))) }
            }
        }
        let repeated = RepeatedKeys.among(keys)
        guard !repeated.isEmpty else { return [] }
        var groups: [UInt64: [Int64]] = [:]
        for (number, block) in blocks.enumerated() {
            let end = number + 1 < blocks.count ? blocks[number + 1].start : keys.count
            for index in block.start..<end where repeated.contains(keys[index]) {
                groups[keys[index], default: []].append(block.first + Int64(index - block.start))
            }
        }
        let candidates = groups.values.filter { $0.contains(where: lines.contains) }.joined()
        return try duplicates(among: Array(candidates), lines: lines, pack: pack)
    }

    /// The invoices among `candidates` (entries with a repeated key) that the live ones declare
    /// beyond their gross, each with a line of `lines`, in the order of their first entry.
    private func duplicates(among candidates: [Int64], lines: ClosedRange<Int64>, pack: RulePack) throws -> [DuplicateInvoice] {
        guard !candidates.isEmpty else { return [] }
        var live: [LedgerLine] = []
        for (sequence, entry) in try expenditureEntries(candidates).sorted(by: { $0.key < $1.key }) {
            guard case .expenditure(let line, _, _) = entry.body, try reversalOf(sequence) == nil else { continue }
            live.append(LedgerLine(entry: entry, line: line, reversedBy: nil))
        }
        let sameInvoice = SameInvoice(conversionRounding: pack.conversionRounding, flatRateCategories: Set(pack.flatRates.map(\.category)))
        var byInvoice: [InvoiceIdentity: (first: Int64, repeats: [SameInvoice.Repeat])] = [:]
        for repeated in try sameInvoice.repeats(among: live) {
            let entries = repeated.earlier.map(\.entry.sequence) + [repeated.line.entry.sequence]
            guard entries.contains(where: lines.contains) else { continue }
            byInvoice[InvoiceIdentity(repeated.line.line), default: (entries[0], [])].repeats.append(repeated)
        }
        return try byInvoice.values.sorted { $0.first < $1.first }.map { (group) throws(MoneyError) in
            let last = group.repeats.last!
            let all = last.earlier + [last.line]
            return DuplicateInvoice(supplier: all[0].line.supplier, invoiceNumber: all[0].line.invoiceNumber,
                                    entries: all.map { ($0.entry.sequence, $0.line.partnerID) },
                                    excess: try Money.sum(group.repeats.map(\.excess), currency: .euro))
        }
    }
}
