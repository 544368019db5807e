extension Forecast {
    /// For a project whose periods have all been declared: forecast from the end of each past
    /// period with each method, and the error of each projection of the project's total against
    /// what was actually spent (projected − actual).
    public static func backtest(grant: Grant, pack: RulePack, lines: [LedgerLine], methods: [ForecastMethod]) throws(MoneyError) -> [BacktestResult] {
        let spend = try SpendIndex(lines)
        let actualTotal = try spend.sums().declared
        var results: [BacktestResult] = []
        for asOf in 1..<grant.reportingPeriods.count {
            for method in methods {
                let forecast = Forecast(grant: grant, pack: pack, asOf: asOf, method: method, spend: spend)
                let projected = try Money.sum(try forecast.projections().map(\.projected), currency: .euro)
                results.append(BacktestResult(asOf: asOf, method: method, projected: projected, actual: actualTotal,
                                              error: try projected.subtracting(actualTotal)))
            }
        }
        return results
    }
}

/// One method's projection of the project total from one period, against what happened.
public struct BacktestResult: Hashable, Sendable {
    public let asOf: Int
    public let method: ForecastMethod
    public let projected: Money
    public let actual: Money
    public let error: Money
}
