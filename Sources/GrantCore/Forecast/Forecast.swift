/// Where each partner × cost category, and the project, will end: forecast from the end of
/// reporting period `asOf` with one method, from the ledger's net spend per period.
public struct Forecast: Sendable {
    public let grant: Grant
    public let pack: RulePack
    public let asOf: Int
    public let method: ForecastMethod
    /// Net spend per partner × category × period.
    public let spend: SpendIndex

    public init(grant: Grant, pack: RulePack, asOf: Int, method: ForecastMethod, lines: [LedgerLine]) throws(MoneyError) {
        try self.init(grant: grant, pack: pack, asOf: asOf, method: method, spend: SpendIndex(lines))
    }

    /// A forecast over spend already summed, so several methods share one pass over the lines.
    public init(grant: Grant, pack: RulePack, asOf: Int, method: ForecastMethod, spend: SpendIndex) {
        precondition(asOf >= 1 && asOf < grant.reportingPeriods.count, "A forecast starts after period 1 and before the last")
        self.grant = grant
        self.pack = pack
        self.asOf = asOf
        self.method = method
        self.spend = spend
    }

    /// The series of one partner × category: budget and net spend per period.
    public func series(partnerID: String, categoryID: String) throws(MoneyError) -> SpendSeries {
        var budget: [Money] = []
        var actual: [Money] = []
        for period in grant.reportingPeriods {
            budget.append(try Money.sum(grant.budgetLines.filter {
                $0.partnerID == partnerID && $0.categoryID == categoryID && $0.periodNumber == period.number
            }.map(\.amount), currency: .euro))
            actual.append(spend.cell(.init(partnerID: partnerID, categoryID: categoryID, periodNumber: period.number)).declared)
        }
        return SpendSeries(budget: budget, actual: actual)
    }

    /// A partner's spend and budget to date: its execution ratio.
    public func executionRatio(partnerID: String) throws(MoneyError) -> (spent: Money, budgeted: Money) {
        let spent = try spend.sums(partnerID: partnerID, upToPeriod: asOf).declared
        let budgeted = try Money.sum(grant.budgetLines.filter { $0.partnerID == partnerID && $0.periodNumber <= asOf }.map(\.amount), currency: .euro)
        return (spent, budgeted)
    }

    /// The partners with no budget in periods 1…`asOf`: they have no execution ratio, so the
    /// execution method keeps their plan.
    public func partnersWithoutBudgetToDate() throws(MoneyError) -> [String] {
        var found: [String] = []
        for partner in grant.partners where try executionRatio(partnerID: partner.id).budgeted.isZero { found.append(partner.id) }
        return found
    }

    /// The period a forecast starts from when none is given: the last period with net declared
    /// spend (expenditure less reversals, not zero), at most the second-last period; period 1
    /// when nothing is declared.
    public static func defaultAsOf(spend: SpendIndex, periods: Int) throws(MoneyError) -> Int {
        var last = 1
        for period in 1..<max(periods, 1) where !(try spend.sums(periodNumber: period).declared.isZero) { last = period }
        return last
    }

    /// Every partner × category with a budget or spend, in the grant's order.
    public func projections() throws(MoneyError) -> [LineProjection] {
        var result: [LineProjection] = []
        for partner in grant.partners {
            let ratio = try executionRatio(partnerID: partner.id)
            for category in grant.costCategories {
                let series = try series(partnerID: partner.id, categoryID: category.id)
                let budget = try Money.sum(series.budget, currency: .euro)
                let spent = try Money.sum(series.actual.prefix(asOf), currency: .euro)
                guard !budget.isZero || !spent.isZero else { continue }
                result.append(LineProjection(partnerID: partner.id, categoryID: category.id, budget: budget, spentToDate: spent,
                                             projected: try series.projectedTotal(asOf: asOf, method: method, executionRatio: ratio),
                                             series: series))
            }
        }
        return result
    }
}

/// One partner × category's forecast.
public struct LineProjection: Hashable, Sendable {
    public let partnerID: String
    public let categoryID: String
    /// The whole budget, all periods.
    public let budget: Money
    public let spentToDate: Money
    /// Projected spend at the end date.
    public let projected: Money
    public let series: SpendSeries

    /// Projected spend less budget: negative for an underspend.
    public func variance() throws(MoneyError) -> Money { try projected.subtracting(budget) }

    /// Spend to date as a share of the whole budget, in hundredths of a percent, half-up; nil
    /// without a budget.
    public var absorptionHundredths: Int64? {
        guard !budget.isZero else { return nil }
        return Int64(RoundingMode.halfUp.divide(Int128(spentToDate.minorUnits) * 10_000, by: Int128(budget.minorUnits)))
    }
}
