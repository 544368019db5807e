/// Net declared and certified spend summed per partner × cost category × posting period, in
/// one pass over the ledger's lines, so reports, audits and forecasts read sums instead of
/// filtering every line once per cell.
public struct SpendIndex: Sendable {
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
    public struct Sums: Sendable {
        /// Net declared euro: expenditure less reversals.
        public var declared = Money.zero(.euro)
        /// Certified euro (reversal pairs cancel; uncontrolled entries add nothing).
        public var certified = Money.zero(.euro)
        /// Entries posted in the cell.
        public var entries = 0
    }

    private var sums: [Key: Sums] = [:]

    /// Sums `lines` into cells; an overflow throws.
    public init(_ lines: [LedgerLine]) throws(MoneyError) {
        for line in lines {
            let key = Key(partnerID: line.line.partnerID, categoryID: line.line.categoryID, periodNumber: line.periodNumber)
            var cell = sums[key] ?? Sums()
            cell.declared = try cell.declared.adding(line.euros)
            if let certified = line.certifiedEuros { cell.certified = try cell.certified.adding(certified) }
            cell.entries += 1
            sums[key] = cell
        }
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

    /// The sums of exactly one cell.
    public func cell(_ key: Key) -> Sums { sums[key] ?? Sums() }
}
