/// Net declared and certified spend summed per partner × cost category × posting period, in
/// one pass over the ledger's lines, so reports, audits and forecasts read sums instead of
/// filtering every line once per cell.
public struct SpendIndex: Equatable, Sendable {
    /// A partner × category × period cell.
    public struct Key: Hashable, Sendable {
        public let partnerID: String
        public let categoryID: String
        public let periodNumber: Int

        public init(partnerID: String, categoryID: String, periodNumber: Int) {
            self.partnerID = partnerID
            self.categoryID = categoryID
            self.periodNumber = periodNumber
        }
    }

    /// The sums of one cell.
    public struct Sums: Equatable, Sendable {
        /// Net declared euro: expenditure less reversals.
        public var declared = Money.zero(.euro)
        /// Certified euro (reversal pairs cancel; uncontrolled entries add nothing).
        public var certified = Money.zero(.euro)
        /// Entries posted in the cell.
        public var entries = 0

        package init(declared: Money = .zero(.euro), certified: Money = .zero(.euro), entries: Int = 0) {
            (self.declared, self.certified, self.entries) = (declared, certified, entries)
        }
    }

    private var sums: [Key: Sums] = [:]

    /// The index of sums added up already, cell by cell (by the audit's pass).
    package init(sums: [Key: Sums]) {
        self.sums = sums
    }

    /// Sums `lines` into cells; an overflow throws.
    public init(_ lines: [LedgerLine]) throws(MoneyError) {
        for line in lines {
            let key = Key(partnerID: line.line.partnerID, categoryID: line.line.categoryID, periodNumber: line.periodNumber)
            try add(key, declared: line.euros, certified: line.certifiedEuros, entries: 1)
        }
    }

    /// What a ledger adds to its stored per-batch sums to give the same index as its lines: each
    /// reversal (with the line it reverses) and each entry's latest control.
    public struct Corrections: Sendable {
        /// A reversal: the reversed line's cell and amount, and the reversal's posting period and amount.
        public struct Reversal: Sendable {
            public let original: Key
            public let originalAmount: Money
            public let postingPeriod: Int
            public let amount: Money

            public init(original: Key, originalAmount: Money, postingPeriod: Int, amount: Money) {
                self.original = original
                self.originalAmount = originalAmount
                self.postingPeriod = postingPeriod
                self.amount = amount
            }
        }

        /// Reversals, by the sequence of the entry each reverses.
        public var reversals: [Int64: Reversal] = [:]
        /// The latest certified amount of each controlled entry, with the entry's cell.
        public var controls: [Int64: (key: Key, certified: Money)] = [:]

        public init() {}
    }

    /// The index from declared sums already added up per cell (as a ledger stores them per import
    /// batch) and the reversals and controls since: the same sums `init(lines)` gives.
    public init(declared cells: [(Key, Money, Int)], corrections: Corrections) throws(MoneyError) {
        for (key, declared, entries) in cells {
            try add(key, declared: declared, certified: nil, entries: entries)
        }
        for (_, reversal) in corrections.reversals {
            // A reversed entry and its reversal cancel out in the certified figures, as in `LedgerLine.certifiedEuros`.
            try add(reversal.original, declared: nil, certified: reversal.originalAmount, entries: 0)
            let posted = Key(partnerID: reversal.original.partnerID, categoryID: reversal.original.categoryID, periodNumber: reversal.postingPeriod)
            try add(posted, declared: reversal.amount, certified: reversal.amount, entries: 1)
        }
        for (sequence, control) in corrections.controls where corrections.reversals[sequence] == nil {
            try add(control.key, declared: nil, certified: control.certified, entries: 0)
        }
    }

    private mutating func add(_ key: Key, declared: Money?, certified: Money?, entries: Int) throws(MoneyError) {
        var cell = sums[key] ?? Sums()
        if let declared { cell.declared = try cell.declared.adding(declared) }
        if let certified { cell.certified = try cell.certified.adding(certified) }
        cell.entries += entries
        sums[key] = cell
    }

    /// The sums of the cells that match: nil matches any partner, category or period.
    public func sums(partnerID: String? = nil, categoryID: String? = nil, periodNumber: Int? = nil,
                     upToPeriod: Int? = nil) throws(MoneyError) -> Sums {
        var total = Sums()
        for (key, cell) in sums {
            if let partnerID, key.partnerID != partnerID { continue }
            if let categoryID, key.categoryID != categoryID { continue }
            if let periodNumber, key.periodNumber != periodNumber { continue }
            if let upToPeriod, key.periodNumber > upToPeriod { continue }
            total.declared = try total.declared.adding(cell.declared)
            total.certified = try total.certified.adding(cell.certified)
            total.entries += cell.entries
        }
        return total
    }

    /// The index of the cells of `partnerID` and `periodNumber` only (nil keeps every one).
    public func scoped(partnerID: String?, periodNumber: Int?) -> SpendIndex {
        SpendIndex(sums: sums.filter { key, _ in
            (partnerID.map { $0 == key.partnerID } ?? true) && (periodNumber.map { $0 == key.periodNumber } ?? true)
        })
    }

    /// The sums of exactly one cell.
    public func cell(_ key: Key) -> Sums { sums[key] ?? Sums() }
}
