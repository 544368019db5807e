/// How the rest of a project's spend is projected from what has happened so far. Every method
/// works in exact cents and names its rounding: half-up, to the cent, once per projection.
public enum ForecastMethod: Hashable, Sendable {
    /// The plan profile: spend to date, then the remaining periods' budget as planned.
    case plan
    /// The run rate: spend to date, then the average of the last `periods` periods for each
    /// period left.
    case runRate(periods: Int)
    /// A straight line fitted by least squares through cumulative spend at the start (zero)
    /// and at the end of each period so far, read at the last period.
    case linearTrend
    /// The plan scaled by the partner's execution ratio so far (spent ÷ budgeted to date).
    case executionAdjusted

    /// The method's stable name, as the command line and reports write it.
    public var name: String {
        switch self {
        case .plan: "plan"
        case .runRate: "run-rate"
        case .linearTrend: "trend"
        case .executionAdjusted: "execution"
        }
    }

    /// What the method assumes, in words a project manager can check by hand.
    public var assumption: String {
        switch self {
        case .plan: "the remaining periods are spent as budgeted"
        case .runRate(let periods): "each remaining period spends the average of the last \(periods) period\(periods == 1 ? "" : "s")"
        case .linearTrend: "cumulative spend keeps to the least-squares line through its values so far (starting from zero)"
        case .executionAdjusted: "the remaining budget is spent at the partner's execution ratio so far (spent ÷ budgeted to date)"
        }
    }

    /// The four methods, with the run rate over `runRatePeriods`.
    public static func all(runRatePeriods: Int) -> [ForecastMethod] {
        [.plan, .runRate(periods: runRatePeriods), .linearTrend, .executionAdjusted]
    }
}

/// One budget line's history and plan, period by period, as a forecast reads it.
public struct SpendSeries: Hashable, Sendable {
    /// Budget per period, periods 1…N.
    public let budget: [Money]
    /// Net spend per period (declared less reversals), periods 1…N; only 1…asOf are used.
    public let actual: [Money]

    public init(budget: [Money], actual: [Money]) {
        precondition(budget.count == actual.count && !budget.isEmpty, "One budget and one actual figure per period")
        self.budget = budget
        self.actual = actual
    }

    /// The projected spend at the end of the last period, forecasting from the end of period
    /// `asOf` (1 ≤ asOf < N) with `method`; `executionRatio` (spent, budgeted to date) is the
    /// partner's, used by the execution-adjusted method.
    public func projectedTotal(asOf: Int, method: ForecastMethod, executionRatio: (spent: Money, budgeted: Money)) throws(MoneyError) -> Money {
        precondition(asOf >= 1 && asOf < budget.count, "A forecast starts after period 1 and before the last")
        let spent = try Money.sum(actual.prefix(asOf), currency: .euro)
        let remainingBudget = try Money.sum(budget.dropFirst(asOf), currency: .euro)
        let periodsLeft = Int64(budget.count - asOf)
        switch method {
        case .plan:
            return try spent.adding(remainingBudget)
        case .runRate(let periods):
            let window = min(periods, asOf)
            let recent = try Money.sum(actual.prefix(asOf).suffix(window), currency: .euro)
            // spent + recent × periods left ÷ window: one exact fraction, rounded once.
            return try Self.roundedOnce(spent, plus: Int128(recent.minorUnits) * Int128(periodsLeft), over: Int128(window))
        case .linearTrend:
            return try trendAtEnd(asOf: asOf)
        case .executionAdjusted:
            // No budget to date gives no ratio: the plan is kept (the report says so).
            guard !executionRatio.budgeted.isZero else { return try spent.adding(remainingBudget) }
            return try Self.roundedOnce(spent, plus: Int128(remainingBudget.minorUnits) * Int128(executionRatio.spent.minorUnits),
                                        over: Int128(executionRatio.budgeted.minorUnits))
        }
    }

    /// `spent + numerator ÷ denominator` as one exact fraction rounded half-up once, on the
    /// projection itself, so the sign of the spend to date cannot move the rounding.
    static func roundedOnce(_ spent: Money, plus numerator: Int128, over denominator: Int128) throws(MoneyError) -> Money {
        let value = RoundingMode.halfUp.divide(Int128(spent.minorUnits) * denominator + numerator, by: denominator)
        return try Money(checked128: value, currency: .euro, operation: "project spend")
    }

    /// The least-squares line through (0, 0), (1, C₁) … (asOf, C_asOf), C the cumulative spend,
    /// read at t = N. With n points, slope = (nΣtC − ΣtΣC) ÷ (nΣt² − (Σt)²) and the line passes
    /// through the means, so C(N) = (ΣC·D + (nN − Σt)·(nΣtC − ΣtΣC)) ÷ (n·D), D the slope's
    /// denominator: one exact division, rounded half-up.
    private func trendAtEnd(asOf: Int) throws(MoneyError) -> Money {
        var cumulative = Int128(0)
        var sumT = Int128(0), sumC = Int128(0), sumTT = Int128(0), sumTC = Int128(0)
        for t in 0...asOf {
            if t > 0 { cumulative += Int128(actual[t - 1].minorUnits) }
            let time = Int128(t)
            sumT += time
            sumC += cumulative
            sumTT += time * time
            sumTC += time * cumulative
        }
        let n = Int128(asOf + 1)
        let end = Int128(budget.count)
        let denominator = n * sumTT - sumT * sumT
        let slopeNumerator = n * sumTC - sumT * sumC
        let value = RoundingMode.halfUp.divide(sumC * denominator + (n * end - sumT) * slopeNumerator, by: n * denominator)
        return try Money(checked128: value, currency: .euro, operation: "project a trend")
    }
}
