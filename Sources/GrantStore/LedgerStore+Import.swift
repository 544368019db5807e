import GrantCore

extension LedgerStore {
    /// What an import recorded.
    public struct ImportOutcome: Equatable, Sendable {
        public let batch: ImportBatch
        /// The sequence numbers of the batch's first and last lines.
        public let firstSequence: Int64
        public let lastSequence: Int64
        /// Invoices now declared more than once (not counting reversed entries).
        public let duplicates: [DuplicateInvoice]
    }

    /// The same invoice (partner, supplier, invoice number) declared in several live entries.
    public struct DuplicateInvoice: Equatable, Sendable {
        public let partnerID: String
        public let supplier: String
        public let invoiceNumber: String
        /// The entries that declare it, in ledger order.
        public let sequences: [Int64]
    }

    /// Imports one file's expenditure lines as one batch, in one transaction: `read` is called
    /// with a function that records a line, calls it for each line of the file in order, and
    /// returns the file's SHA-256 once the file is read. Anything thrown, by `read` or here,
    /// rolls the whole batch back.
    public func importExpenditure(projectCode: String, fileName: String, submittedOn: CalendarDate, author: String, recordedAt: String,
                                  read: (_ record: (ExpenditureLine, Int) throws -> Void) throws -> [UInt8]) throws -> ImportOutcome {
        try database.writeTransactionCarrying("import \(fileName)") {
            _ = try grant(projectCode)
            let closed = try closedPeriods(projectCode)
            let appender = try ChainAppender(store: self, projectCode: projectCode, author: author, recordedAt: recordedAt)
            let batchNumber = try nextBatchNumber()
            var count: Int64 = 0
            var total = Money.zero(.euro)
            var first: Int64?
            var spend = BatchSpend()
            let contentHash = try read { line, sourceLine in
                if let closure = closed[line.periodNumber] {
                    throw StoreError.refused("\(fileName):\(sourceLine): period \(line.periodNumber) was closed on \(closure.recordedAt) by \(closure.author); a closed period takes no new entries")
                }
                let entry = try appender.append(.expenditure(line, batch: batchNumber, sourceLine: sourceLine))
                first = first ?? entry.sequence
                count += 1
                do {
                    total = try total.adding(line.declaredEuros)
                    guard spend.add(line) else { throw MoneyError.overflow(operation: "sum a cell") }
                } catch {
                    throw StoreError.refused("\(fileName):\(sourceLine): the declared amounts add up to more than the ledger can hold (92,233,720,368,547,758.07); nothing was imported")
                }
            }
            try refuseRepeatedFile(projectCode: projectCode, contentHash: contentHash.hexadecimal, fileName: fileName)
            guard count > 0 else { throw StoreError.refused("\(fileName) has a header but no expenditure lines; nothing was imported") }
            let batch = ImportBatch(number: batchNumber, fileName: fileName, contentHash: contentHash.hexadecimal, lineCount: count,
                                    totalEuros: total, submittedOn: submittedOn)
            let last = appender.head.sequence
            try appender.append(.importBatch(batch))
            try spend.write(batch: batchNumber, projectCode: projectCode, to: database)
            return ImportOutcome(batch: batch, firstSequence: first ?? last, lastSequence: last,
                                 duplicates: try duplicateInvoices(projectCode: projectCode, batch: batchNumber))
        }
    }

    /// The declared spend of one batch per partner × category × period, stored beside it.
    private struct BatchSpend {
        private var cells: [SpendIndex.Key: (declared: Int64, entries: Int64)] = [:]

        /// Adds a line; false when the cell's sum would overflow.
        mutating func add(_ line: ExpenditureLine) -> Bool {
            let key = SpendIndex.Key(partnerID: line.partnerID, categoryID: line.categoryID, periodNumber: line.periodNumber)
            let cell = cells[key] ?? (0, 0)
            let (sum, overflow) = cell.declared.addingReportingOverflow(line.declaredEuros.minorUnits)
            cells[key] = (sum, cell.entries + 1)
            return !overflow
        }

        func write(batch: Int64, projectCode: String, to database: Database) throws(StoreError) {
            let insert = try database.prepare("INSERT INTO batch_spend (batch, project, partner, category, period, declared_minor, entries) VALUES (?, ?, ?, ?, ?, ?, ?)")
            for (key, cell) in cells {
                insert.reset()
                try insert.bindAndStep([.integer(batch), .text(projectCode), .text(key.partnerID), .text(key.categoryID),
                                        .integer(Int64(key.periodNumber)), .integer(cell.declared), .integer(cell.entries)])
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

    /// Invoices of `batch` that some other live (unreversed) entry of the project also declares.
    /// Groups are found along the invoice index in one pass; only those few are then checked for
    /// reversals, so the check stays cheap however large the ledger grows.
    func duplicateInvoices(projectCode: String, batch: Int64) throws(StoreError) -> [DuplicateInvoice] {
        let groups = try database.prepare("""
            SELECT partner, supplier, invoice_number FROM entries
            WHERE kind = 'expenditure' AND project = ?
            GROUP BY partner, supplier, invoice_number
            HAVING count(*) > 1 AND max(batch = ?) = 1
            """)
        try groups.bind([.text(projectCode), .integer(batch)])
        let members = try database.prepare("""
            SELECT e.sequence FROM entries e
            WHERE e.kind = 'expenditure' AND e.project = ? AND e.partner = ? AND e.supplier = ? AND e.invoice_number = ?
              AND NOT EXISTS (SELECT 1 FROM entries r WHERE r.kind = 'reversal' AND r.reverses = e.sequence)
            ORDER BY e.sequence
            """)
        var duplicates: [DuplicateInvoice] = []
        while try groups.step() {
            let key = (groups.text(0) ?? "", groups.text(1) ?? "", groups.text(2) ?? "")
            members.reset()
            try members.bind([.text(projectCode), .text(key.0), .text(key.1), .text(key.2)])
            var sequences: [Int64] = []
            while try members.step() { sequences.append(members.integer(0)) }
            if sequences.count > 1 {
                duplicates.append(DuplicateInvoice(partnerID: key.0, supplier: key.1, invoiceNumber: key.2, sequences: sequences))
            }
        }
        return duplicates
    }
}

