import GrantCore

extension LedgerStore {
    /// Entry `sequence`, read back and decoded.
    public func entry(_ sequence: Int64) throws(StoreError) -> LedgerEntry {
        guard let entry = try entries("WHERE sequence = ?", [.integer(sequence)]).first else {
            let head = try chainHead().sequence
            throw .refused(head == 0 ? "the ledger has no entries yet" : "there is no entry \(sequence); entries are numbered 1 to \(head)")
        }
        return entry
    }

    /// The entries matching an SQL condition on `entries`, in ledger order.
    func entries(_ condition: String, _ values: [SQLValue]) throws(StoreError) -> [LedgerEntry] {
        var result: [LedgerEntry] = []
        try forEachStoredEntry(condition, values) { (fields, _) throws(StoreError) in
            result.append(try decode(fields))
        }
        return result
    }

    /// Calls `body` with each matching entry's fields (canonical order) and stored hash, one row
    /// at a time, so a walk over a million entries holds one in memory.
    func forEachStoredEntry(_ condition: String, _ values: [SQLValue], _ body: ([FieldValue], String) throws(StoreError) -> Void) throws(StoreError) {
        let statement = try database.prepare("SELECT \(Self.entryColumns) FROM entries \(condition) ORDER BY sequence")
        try statement.bind(values)
        let count = Int32(LedgerEntry.fieldNames.count)
        while try statement.step() {
            let fields = (0..<count).map { statement.value($0).field }
            try body(fields, statement.text(count) ?? "")
        }
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
        let all = try entries("WHERE project = ? AND kind IN ('expenditure', 'reversal', 'control')", [.text(projectCode)])
        for entry in all {
            switch entry.body {
            case .reversal(let original, _, _, _): reversals[original] = entry.sequence
            case .control(let control): controls[control.entry] = (entry.sequence, control)  // The latest control wins.
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
