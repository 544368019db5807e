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

    @Test("the projection is rounded half-up once: 100.00 spent, 1.00 left at a ratio of -0.03 ÷ 2.00 is 99.985, so 99.99")
    func roundedOnTheProjection() throws {
        let series = SpendSeries(budget: [Money(unchecked: 200, currency: .euro), Money(unchecked: 100, currency: .euro)],
                                 actual: [Money(unchecked: 10_000, currency: .euro), .zero(.euro)])
        let negative = (spent: Money(unchecked: -3, currency: .euro), budgeted: Money(unchecked: 200, currency: .euro))
        #expect(try series.projectedTotal(asOf: 1, method: .executionAdjusted, executionRatio: negative).minorUnits == 9_999)
        // Run rate: -0.01 spent, then -0.01 ÷ 2 × 1 left: -0.015 in all, half-up (away from zero) -0.02.
        let credit = SpendSeries(budget: Self.euros([0, 0, 0]), actual: [.zero(.euro), Money(unchecked: -1, currency: .euro), .zero(.euro)])
        #expect(try credit.projectedTotal(asOf: 2, method: .runRate(periods: 2), executionRatio: Self.ratio).minorUnits == -2)
    }

    @Test("the default start is the last period with net declared spend, at most the second-last")
    func defaultAsOf() throws {
        func index(_ cells: [(Int, Int64)]) throws -> SpendIndex {
            try SpendIndex(declared: cells.map { (SpendIndex.Key(partnerID: "P", categoryID: "c", periodNumber: $0.0),
                                                  Money(unchecked: $0.1, currency: .euro), 1) },
                           corrections: .init())
        }
        #expect(try Forecast.defaultAsOf(spend: index([(1, 100), (2, 50)]), periods: 4) == 2)
        #expect(try Forecast.defaultAsOf(spend: index([(1, 100), (3, 0)]), periods: 4) == 1)
        #expect(try Forecast.defaultAsOf(spend: index([(1, 100), (4, 50)]), periods: 4) == 1)
        #expect(try Forecast.defaultAsOf(spend: index([(2, 100), (3, 50)]), periods: 4) == 3)
        #expect(try Forecast.defaultAsOf(spend: index([]), periods: 4) == 1)
    }

    @Test("the budget needed to bring a projection within a 20% flexibility is rounded up")
    func budgetNeeded() throws {
        let line = LineProjection(partnerID: "P", categoryID: "c", budget: .zero(.euro), spentToDate: .zero(.euro),
                                  projected: Money(unchecked: 2_395_827, currency: .euro), series: Self.series)
        // 23,958.27 ÷ 1.2 = 19,965.225 → 19,965.23.
        #expect(try line.budgetNeeded(within: .percent(20)).minorUnits == 1_996_523)
    }
}
