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
                                 duplicates: try duplicateInvoices(projectCode: projectCode, lines: (first ?? last)...last))
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

    /// Invoices of the lines just imported (`lines`) that some other live (unreversed) entry of
    /// the project also declares. The stored invoice keys are sorted once to find the candidates;
    /// only those few entries are read and compared in full, so the check stays cheap however
    /// large the ledger grows.
    func duplicateInvoices(projectCode: String, lines: ClosedRange<Int64>) throws(StoreError) -> [DuplicateInvoice] {
        var keyed: [(key: UInt64, sequence: Int64)] = []
        let keys = try database.prepare("SELECT first_sequence, invoice_keys FROM entry_blocks WHERE project = ? ORDER BY first_sequence")
        try keys.bind([.text(projectCode)])
        while try keys.step() {
            let first = keys.integer(0)
            let bytes = keys.blob(1)
            keyed.reserveCapacity(keyed.count + bytes.count / 8)
            bytes.withUnsafeBytes { raw in
                for index in 0..<(raw.count / 8) {
                    keyed.append((UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self)), first + Int64(index)))
                }
            }
        }
        keyed.sort { ($0.key, $0.sequence) < ($1.key, $1.sequence) }
        var candidates: [Int64] = []
        var start = 0
        while start < keyed.count {
            var end = start + 1
            while end < keyed.count, keyed[end].key == keyed[start].key { end += 1 }
            if end - start > 1, keyed[start..<end].contains(where: { lines.contains($0.sequence) }) {
                candidates.append(contentsOf: keyed[start..<end].map(\.sequence))
            }
            start = end
        }
        return try duplicates(among: candidates, lines: lines)
    }

    /// The entries among `candidates` (same invoice key) that declare the same invoice, grouped,
    /// each group with a line of `lines` and more than one live entry, ordered as SQLite orders
    /// text (by bytes).
    private func duplicates(among candidates: [Int64], lines: ClosedRange<Int64>) throws(StoreError) -> [DuplicateInvoice] {
        guard !candidates.isEmpty else { return [] }
        var groups: [[[UInt8]]: (invoice: (String, String, String), sequences: [Int64])] = [:]
        for (sequence, entry) in try expenditureEntries(candidates) {
            guard case .expenditure(let line, _, _) = entry.body else { continue }
            let key = [Array(line.partnerID.utf8), Array(line.supplier.utf8), Array(line.invoiceNumber.utf8)]
            groups[key, default: ((line.partnerID, line.supplier, line.invoiceNumber), [])].sequences.append(sequence)
        }
        var duplicates: [([[UInt8]], DuplicateInvoice)] = []
        for (key, group) in groups where group.sequences.count > 1 && group.sequences.contains(where: lines.contains) {
            var live: [Int64] = []
            for sequence in group.sequences.sorted() where try reversalOf(sequence) == nil { live.append(sequence) }
            guard live.count > 1 else { continue }
            duplicates.append((key, DuplicateInvoice(partnerID: group.invoice.0, supplier: group.invoice.1, invoiceNumber: group.invoice.2,
                                                     sequences: live)))
        }
        return duplicates.sorted { $0.0.lexicographicallyPrecedes($1.0) { $0.lexicographicallyPrecedes($1) } }.map(\.1)
    }
}

