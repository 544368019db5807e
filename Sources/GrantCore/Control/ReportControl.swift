/// What a controller decides for one line of a partner report.
public enum LineControl: Hashable, Sendable {
    /// Eligible as declared.
    case certified
    /// `amount` of the line is not eligible, for `reason` (the typology of errors).
    case deducted(amount: Money, reason: DeductionReason, note: String)
    /// Left out of this report, neither certified nor deducted: re-included in a later one.
    case parked(note: String)
}

/// A controlled partner report's figures per cost category: declared = certified + deducted +
/// parked, to the cent, in every row and in the total. Lines not decided are certified as
/// declared (the sample stands for them; the error projection says how well). A flat-rate
/// category is recomputed on its base after control, rounded down: its rate of the certified base
/// is certified, its rate of the parked base is parked with it, and the rest, the share of the
/// deductions and every rounding difference, is deducted by control.
public struct ReportControl: Sendable {
    /// A line of the report: the entry, its cost category and what it declares, in euro.
    public struct Line: Hashable, Sendable {
        public let entry: Int64
        public let categoryID: String
        public let declared: Money

        public init(entry: Int64, categoryID: String, declared: Money) {
            self.entry = entry
            self.categoryID = categoryID
            self.declared = declared
        }
    }

    public struct Row: Hashable, Sendable {
        public let categoryID: String
        public let declared: Money
        public let certified: Money
        public let deducted: Money
        public let parked: Money

        public init(categoryID: String, declared: Money, certified: Money, deducted: Money, parked: Money) {
            self.categoryID = categoryID
            self.declared = declared
            self.certified = certified
            self.deducted = deducted
            self.parked = parked
        }

        /// The rows added up, column by column.
        public static func sum(_ rows: [Row], categoryID: String) throws(MoneyError) -> Row {
            Row(categoryID: categoryID, declared: try Money.sum(rows.map(\.declared), currency: .euro),
                certified: try Money.sum(rows.map(\.certified), currency: .euro),
                deducted: try Money.sum(rows.map(\.deducted), currency: .euro), parked: try Money.sum(rows.map(\.parked), currency: .euro))
        }
    }

    /// A flat rate recomputed: its base after control and what that gives.
    public struct FlatRateRecomputation: Hashable, Sendable {
        public let flatRate: FlatRate
        public let declared: Money
        public let certifiedBase: Money
        public let parkedBase: Money
        /// rate × certified base, rounded down, at most the declared.
        public let certified: Money
        /// rate × parked base, rounded down, at most what the declared leaves.
        public let parked: Money
        /// The rest of the declared: deducted by control.
        public let deducted: Money
    }

    /// One row per cost category with lines, in `categoryIDs`' order.
    public let rows: [Row]
    public let flatRates: [FlatRateRecomputation]
    public let total: Row

    public init(lines: [Line], controls: [Int64: LineControl], flatRates: [FlatRate], categoryIDs: [String]) throws(MoneyError) {
        let flatCategories = Set(flatRates.map(\.category))
        var sums: [String: (declared: Money, certified: Money, deducted: Money, parked: Money)] = [:]
        for line in lines where !flatCategories.contains(line.categoryID) {
            var sum = sums[line.categoryID] ?? (.zero(.euro), .zero(.euro), .zero(.euro), .zero(.euro))
            sum.declared = try sum.declared.adding(line.declared)
            switch controls[line.entry] ?? .certified {
            case .certified: sum.certified = try sum.certified.adding(line.declared)
            case .deducted(let amount, _, _):
                let deducted = min(max(amount, .zero(.euro)), line.declared)
                sum.deducted = try sum.deducted.adding(deducted)
                sum.certified = try sum.certified.adding(line.declared.subtracting(deducted))
            case .parked: sum.parked = try sum.parked.adding(line.declared)
            }
            sums[line.categoryID] = sum
        }
        var recomputed: [FlatRateRecomputation] = []
        for flatRate in flatRates {
            let declared = try Money.sum(lines.filter { $0.categoryID == flatRate.category }.map(\.declared), currency: .euro)
            guard declared.minorUnits != 0 else { continue }
            var certifiedBase = Money.zero(.euro), parkedBase = Money.zero(.euro)
            for (category, sum) in sums where flatRate.base.includes(category, flatRateCategories: flatCategories) {
                certifiedBase = try certifiedBase.adding(sum.certified)
                parkedBase = try parkedBase.adding(sum.parked)
            }
            let certified = min(try certifiedBase.applying(flatRate.rate, rounding: .down), declared)
            let parked = min(try parkedBase.applying(flatRate.rate, rounding: .down), try declared.subtracting(certified))
            let deducted = try declared.subtracting(certified).subtracting(parked)
            recomputed.append(FlatRateRecomputation(flatRate: flatRate, declared: declared, certifiedBase: certifiedBase,
                                                    parkedBase: parkedBase, certified: certified, parked: parked, deducted: deducted))
        }
        for flat in recomputed {
            var sum = sums[flat.flatRate.category] ?? (.zero(.euro), .zero(.euro), .zero(.euro), .zero(.euro))
            sum = (try sum.declared.adding(flat.declared), try sum.certified.adding(flat.certified),
                   try sum.deducted.adding(flat.deducted), try sum.parked.adding(flat.parked))
            sums[flat.flatRate.category] = sum
        }
        let ordered = categoryIDs.filter { sums[$0] != nil } + sums.keys.filter { !categoryIDs.contains($0) }.sorted()
        rows = ordered.map {
            let sum = sums[$0]!
            return Row(categoryID: $0, declared: sum.declared, certified: sum.certified, deducted: sum.deducted, parked: sum.parked)
        }
        self.flatRates = recomputed
        total = try Row.sum(rows, categoryID: "")
        for row in rows + [total] {
            let accounted = try row.certified.adding(row.deducted).adding(row.parked)
            precondition(accounted == row.declared, "declared = certified + deducted + parked in \(row.categoryID)")
        }
    }
}
