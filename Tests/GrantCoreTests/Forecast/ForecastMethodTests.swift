import Testing
@testable import GrantCore

@Suite("Forecast methods")
struct ForecastMethodTests {
    static func euros(_ values: [Int64]) -> [Money] { values.map { Money(unchecked: $0 * 100, currency: .euro) } }
    static let series = SpendSeries(budget: euros([100, 100, 100, 100]), actual: euros([50, 70, 0, 0]))
    static let ratio = (spent: Money(unchecked: 12_000, currency: .euro), budgeted: Money(unchecked: 20_000, currency: .euro))

    @Test("each method's projection from period 2, checkable by hand", arguments: [
        // 120 spent + 200 budget left.
        (ForecastMethod.plan, Int64(32_000)),
        // 120 spent + (50 + 70) ÷ 2 × 2 periods left.
        (.runRate(periods: 2), 24_000),
        // 120 spent + 70 × 2 (the last period's spend).
        (.runRate(periods: 1), 26_000),
        // Least squares through (0, 0), (1, 50), (2, 120): slope 60, through the means (1, 56.67): 56.67 + 60 × 3 = 236.67.
        (.linearTrend, 23_667),
        // 120 spent + 200 × (120 ÷ 200).
        (.executionAdjusted, 24_000),
    ])
    func projections(method: ForecastMethod, cents: Int64) throws {
        #expect(try Self.series.projectedTotal(asOf: 2, method: method, executionRatio: Self.ratio).minorUnits == cents)
    }

    @Test("a run rate that does not divide evenly is rounded half-up, once")
    func roundingOnce() throws {
        let series = SpendSeries(budget: Self.euros([0, 0, 0, 0]), actual: [Money(unchecked: 1, currency: .euro), Money(unchecked: 0, currency: .euro),
                                                                          Money(unchecked: 0, currency: .euro), .zero(.euro)])
        // 0.01 spent; (0.01 + 0.00) ÷ 2 × 2 left = 0.01 exactly, not 0.005 rounded twice.
        #expect(try series.projectedTotal(asOf: 2, method: .runRate(periods: 2), executionRatio: Self.ratio).minorUnits == 2)
        // (0.01 + 0 + 0) ÷ 3 × 1 left = 0.00333…, half-up 0.00.
        #expect(try series.projectedTotal(asOf: 3, method: .runRate(periods: 3), executionRatio: Self.ratio).minorUnits == 1)
    }

    @Test("the budget needed to bring a projection within a 20% flexibility is rounded up")
    func budgetNeeded() throws {
        let line = LineProjection(partnerID: "P", categoryID: "c", budget: .zero(.euro), spentToDate: .zero(.euro),
                                  projected: Money(unchecked: 2_395_827, currency: .euro), series: Self.series)
        // 23,958.27 ÷ 1.2 = 19,965.225 → 19,965.23.
        #expect(try line.budgetNeeded(within: .percent(20)).minorUnits == 1_996_523)
    }
}
