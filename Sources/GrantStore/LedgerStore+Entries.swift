import GrantCore

extension LedgerStore {
    /// Entry `sequence`, read back and decoded.
    public func entry(_ sequence: Int64) throws(StoreError) -> LedgerEntry {
        var found = try entries("WHERE sequence = ?", [.integer(sequence)]).first
        if found == nil { found = try expenditureEntries([sequence])[sequence] }
        guard let entry = found else {
            let head = try chainHead().sequence
            throw .refused(head == 0 ? "the ledger has no entries yet" : "there is no entry \(sequence); entries are numbered 1 to \(head)")
        }
        return entry
    }

    /// The entries matching an SQL condition on the rows of `entries` (every kind but
    /// expenditure, which is stored in blocks), in ledger order.
    func entries(_ condition: String, _ values: [SQLValue]) throws(StoreError) -> [LedgerEntry] {
        var result: [LedgerEntry] = []
        try forEachStoredRow(condition, values) { (fields, _) throws(StoreError) in
            result.append(try decode(fields))
        }
        return result
    }

    /// Calls `body` with each matching row's fields (canonical order) and stored hash, one row
    /// at a time, so a walk over a million entries holds one in memory.
    func forEachStoredRow(_ condition: String, _ values: [SQLValue], _ body: ([FieldValue], String) throws(StoreError) -> Void) throws(StoreError) {
        let statement = try database.prepare("SELECT \(Self.entryColumns) FROM entries \(condition) ORDER BY sequence")
        try statement.bind(values)
        while try statement.step() {
            let row = Self.storedRow(statement)
            try body(row.fields, row.hash)
        }
    }

    /// The fields (canonical order) and stored hash of the row `statement` is on.
    private static func storedRow(_ statement: any Statement) -> (fields: [FieldValue], hash: String) {
        let count = Int32(LedgerEntry.fieldNames.count)
        return ((0..<count).map { statement.value($0).field }, statement.text(count) ?? "")
    }

    /// Calls `body` with every stored entry, rows and blocks merged, in ledger order: one row and
    /// two blocks in memory at a time. Each block is given to `readAhead` as soon as it is read,
    /// before `body` has the entries of the block before it.
    func forEachStoredEntry(readAhead: ((StoredBlock) -> Void)? = nil,
                            _ body: (StoredEntry) throws(StoreError) -> Void) throws(StoreError) {
        let rows = try database.prepare("SELECT \(Self.entryColumns) FROM entries ORDER BY sequence")
        var row: StoredEntry?
        func nextRow() throws(StoreError) {
            row = nil
            guard try rows.step() else { return }
            row = StoredEntry(row: Self.storedRow(rows), sequence: rows.integer(0))
        }
        try nextRow()
        func entries(of block: StoredBlock) throws(StoreError) {
            try block.read { (index, reader) throws(StoreError) in
                let entry = StoredEntry(block: block, index: index, reader: reader)
                while let earlier = row, earlier.sequence < entry.sequence {
                    try body(earlier)
                    try nextRow()
                }
                try body(entry)
            }
        }
        var before: StoredBlock?
        try forEachBlock(projectCode: nil) { (block) throws(StoreError) in
            readAhead?(block)
            if let before { try entries(of: before) }
            before = block
        }
        if let before { try entries(of: before) }
        while let later = row {
            try body(later)
            try nextRow()
        }
    }

    /// The entries of `projectCode` stored as rows of `kinds`, and its expenditure entries, in
    /// ledger order.
    func projectEntries(_ projectCode: String, rowKinds kinds: [String]) throws(StoreError) -> [LedgerEntry] {
        let list = kinds.map { "'\($0)'" }.joined(separator: ", ")
        let rows = try entries("WHERE project = ? AND kind IN (\(list))", [.text(projectCode)])
        var merged: [LedgerEntry] = []
        var next = rows.startIndex
        try forEachBlock(projectCode: projectCode) { (block) throws(StoreError) in
            try block.forEachEntry { (_, fields, _) throws(StoreError) in
                guard let fields else {
                    throw .refused("entries \(block.firstSequence)–\(block.lastSequence) cannot be read: their stored block is damaged; run 'grantledger verify'")
                }
                let entry = try decode(fields)
                while next < rows.endIndex, rows[next].sequence < entry.sequence {
                    merged.append(rows[next])
                    next += 1
                }
                merged.append(entry)
            }
        }
        merged.append(contentsOf: rows[next...])
        return merged
    }

    func decode(_ fields: [FieldValue]) throws(StoreError) -> LedgerEntry {
        do {
            return try LedgerEntry(fields: fields)
        } catch {
            let sequence = if case .integer(let number) = fields[0] { String(number) } else { "?" }
            throw .refused("entry \(sequence) cannot be read: \(error.field) is \(error.problem); run 'grantledger verify'")
        }
    }

    /// Which money entries to list.
    public struct LedgerFilter: Equatable, Sendable {
        public var partnerID: String?
        public var categoryID: String?
        public var periodNumber: Int?

        public init(partnerID: String? = nil, categoryID: String? = nil, periodNumber: Int? = nil) {
            self.partnerID = partnerID
            self.categoryID = categoryID
            self.periodNumber = periodNumber
        }
    }

    /// The expenditure and reversal entries of `projectCode` that pass `filter`, in ledger order.
    /// A reversal's period is the period it was posted in; its partner and category are its original's.
    public func ledgerLines(projectCode: String, filter: LedgerFilter) throws(StoreError) -> [LedgerLine] {
        _ = try grant(projectCode)
        var reversals: [Int64: Int64] = [:]
        var originals: [Int64: ExpenditureLine] = [:]
        var controls: [Int64: (sequence: Int64, control: Control)] = [:]
        var lines: [LedgerLine] = []
        let all = try projectEntries(projectCode, rowKinds: ["reversal", "control"])
        let book = try partnerReports(projectCode)
        var partners: [Int64: String] = [:]
        for entry in all {
            switch entry.body {
            case .expenditure(let line, _, _): partners[entry.sequence] = line.partnerID
            case .reversal(let original, _, _, _): reversals[original] = entry.sequence
            case .control(let control):
                // The latest control in effect wins.
                if let partner = partners[control.entry], book.verdictWaits(entry.sequence, partnerID: partner) { continue }
                controls[control.entry] = (entry.sequence, control)
            default: break
            }
        }
        // Only reversed entries' lines are looked up again, for their reversals.
        for entry in all where reversals[entry.sequence] != nil {
            if case .expenditure(let line, _, _) = entry.body { originals[entry.sequence] = line }
        }
        lines.reserveCapacity(all.count)
        for entry in all {
            let line: ExpenditureLine
            let period: Int
            switch entry.body {
            case .expenditure(let expenditure, _, _):
                line = expenditure
                period = expenditure.periodNumber
            case .reversal(let original, _, let posted, _):
                guard let reversed = originals[original] else { continue }
                line = reversed
                period = posted
            default: continue
            }
            if let partner = filter.partnerID, partner != line.partnerID { continue }
            if let category = filter.categoryID, category != line.categoryID { continue }
            if let number = filter.periodNumber, number != period { continue }
            lines.append(LedgerLine(entry: entry, line: line, reversedBy: reversals[entry.sequence], control: controls[entry.sequence]))
        }
        return lines
    }
}

/// One stored entry as read back: a row of `entries`, or one entry of a block.
struct StoredEntry {
    let sequence: Int64
    /// A row's fields in canonical order and stored hash (hexadecimal); for an entry of a block, see `reader`.
    private let row: (fields: [FieldValue], hash: String)?
    /// The block it is stored in, and its place there.
    let block: StoredBlock?
    let index: Int
    /// For an entry of a block, the block's reader on it; nil when the block cannot be read from this entry on.
    /// It reads the block in place: valid only while the entry is being handed on.
    let reader: BlockEntryReader?

    init(row: (fields: [FieldValue], hash: String), sequence: Int64) {
        self.sequence = sequence
        self.row = row
        (block, index, reader) = (nil, 0, nil)
    }

    init(block: StoredBlock, index: Int, reader: BlockEntryReader?) {
        sequence = block.firstSequence + Int64(index)
        row = nil
        (self.block, self.index, self.reader) = (block, index, reader)
    }

    /// The fields in canonical order; nil when its block cannot be read from this entry on.
    /// Made on each call from a block's bytes.
    func fields() -> [FieldValue]? { row?.fields ?? reader?.fields(previousHash: true) }

    /// The stored hash, hexadecimal.
    var storedHash: String {
        guard let block else { return row?.hash ?? "" }
        return index < block.storedCount ? Array(block.storedHash(index)).hexadecimal : ""
    }
}
