import GrantCore

/// The forecast: per partner × category and for the project, projected spend at the end date,
/// variance and absorption, with the method and its assumption; the four methods side by side;
/// the risks; and, when asked, the what-if reallocation and the backtest.
public enum ForecastReport {
    public struct Options: Sendable {
        public var runRatePeriods: Int
        public var underspendThreshold: Rate
        public var whatIf: Bool
        public var backtest: Bool

        public init(runRatePeriods: Int = 2, underspendThreshold: Rate = .percent(10), whatIf: Bool = false, backtest: Bool = false) {
            self.runRatePeriods = runRatePeriods
            self.underspendThreshold = underspendThreshold
            self.whatIf = whatIf
            self.backtest = backtest
        }
    }

    public static func build(_ input: ReportInput, asOf: Int, method: ForecastMethod, options: Options) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let spend = try SpendIndex(input.lines)
        let forecast = Forecast(grant: input.grant, pack: input.pack, asOf: asOf, method: method, spend: spend)
        let projections = try forecast.projections()
        var facts = input.facts
        facts.append((locale.label("Forecast"), "from the end of period \(asOf), method \(method.name): \(method.assumption); amounts rounded half-up to the cent"))
        // Partners without budget to date have no execution ratio: said, not silently replaced.
        let noRatio = try forecast.partnersWithoutBudgetToDate().map {
            "\($0) has no budget in periods 1–\(asOf), so it has no execution ratio: the execution method keeps its "
                + "plan (spend to date + the remaining budget)."
        }
        var sections = [ReportSection(title: locale.label("Projection at the end date"),
                                      table: try projectionTable(projections, input: input),
                                      notes: method == .executionAdjusted ? noRatio : [])]
        sections.append(ReportSection(title: locale.label("Methods compared"), table: try methodTable(input,
                spend: spend, asOf: asOf, options: options),
                                      notes: noRatio))
        sections.append(ReportSection(title: locale.label("Risks"), table: try riskTable(forecast, input: input, options: options)))
        if options.whatIf { sections += try whatIfSections(forecast.reallocation(), input: input) }
        if options.backtest, let backtest = try backtestTable(input, options: options) { sections.append(backtest) }
        return ReportDocument(id: "forecast", title: locale.label("Forecast"), facts: facts, sections: sections,
                              charts: try charts(forecast, input: input), locale: locale)
    }

    private static func projectionTable(_ projections: [LineProjection], input: ReportInput) throws(MoneyError) -> ReportTable {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false, minimumWidth: 9),
            ReportColumn(key: "budget", label: locale.label("Budget"), isNumeric: true),
            ReportColumn(key: "spentToDate", label: locale.label("Spent to date"), isNumeric: true),
            ReportColumn(key: "absorption", label: locale.label("Absorption"), isNumeric: true),
            ReportColumn(key: "projected", label: locale.label("Projected"), isNumeric: true),
            ReportColumn(key: "variance", label: locale.label("Variance"), isNumeric: true),
        ]
        var rows: [ReportRow] = []
        var project: [LineProjection] = []
        func sumRow(_ label: String, _ category: String, _ members: [LineProjection], kind: ReportRow.Kind) throws(MoneyError) -> ReportRow {
            let budget = try Money.sum(members.map(\.budget), currency: .euro)
            let spent = try Money.sum(members.map(\.spentToDate), currency: .euro)
            let projected = try Money.sum(members.map(\.projected), currency: .euro)
            return ReportRow([.text(label), .text(category), .amount(budget), .amount(spent), .percent(ReportInput.percent(spent, of: budget)),
                              .amount(projected), .amount(try projected.subtracting(budget))], kind: kind)
        }
        for partner in input.grant.partners {
            let mine = projections.filter { $0.partnerID == partner.id }
            for line in mine {
                rows.append(ReportRow([.text(line.partnerID), .text(line.categoryID), .amount(line.budget), .amount(line.spentToDate),
                                       .percent(line.absorptionHundredths), .amount(line.projected), .amount(try line.variance())]))
            }
            rows.append(try sumRow("\(partner.id) \(partner.name)", locale.label("Subtotal"), mine, kind: .subtotal))
            project += mine
        }
        rows.append(try sumRow(locale.label("Total"), "", project, kind: .total))
        return ReportTable(columns: columns, rows: rows)
    }

    private static func methodTable(_ input: ReportInput, spend: SpendIndex, asOf: Int, options: Options) throws(MoneyError) -> ReportTable {
        let locale = input.locale
        let budget = try Money.sum(input.grant.budgetLines.map(\.amount), currency: .euro)
        var rows: [ReportRow] = []
        for method in ForecastMethod.all(runRatePeriods: options.runRatePeriods) {
            let forecast = Forecast(grant: input.grant, pack: input.pack, asOf: asOf, method: method, spend: spend)
            let projected = try Money.sum(try forecast.projections().map(\.projected), currency: .euro)
            rows.append(ReportRow([.text(method.name), .text(method.assumption), .amount(projected), .amount(try projected.subtracting(budget))]))
        }
        return ReportTable(columns: [
            ReportColumn(key: "method", label: locale.label("Method"), isNumeric: false),
            ReportColumn(key: "assumption", label: locale.label("Assumption"), isNumeric: false, minimumWidth: 30),
            ReportColumn(key: "projected", label: locale.label("Projected"), isNumeric: true),
            ReportColumn(key: "variance", label: locale.label("Variance"), isNumeric: true),
        ], rows: rows)
    }

    private static func riskTable(_ forecast: Forecast, input: ReportInput, options: Options) throws(MoneyError) -> ReportTable {
        let locale = input.locale
        let format = locale.amountFormat
        let rows = try forecast.risks(underspendThreshold: options.underspendThreshold).map { (risk) throws(MoneyError) -> ReportRow in
            switch risk {
            case .underspend(let partner, let budget, let projected, let threshold):
                let lost = try budget.subtracting(projected)
                return ReportRow([.text("underspend"), .text(partner ?? locale.label("Project")),
                                  .text("projected \(format.format(projected)) of \(format.format(budget)), \(format.format(lost)) short: more than \(threshold) of the budget may be decommitted"),
                                  .amount(lost)])
            case .overspend(let partner, let category, let budget, let projected, let allowed):
                let where_ = [partner, category].compactMap { $0 }.joined(separator: " ")
                return ReportRow([.text("overspend"), .text(where_),
                                  .text("projected \(format.format(projected)) against a budget of \(format.format(budget)); the \(input.pack.flexibility.limit) flexibility allows \(format.format(allowed))"),
                                  .amount(try projected.subtracting(allowed))])
            case .noSpend(let partner, let period, let budget):
                return ReportRow([.text("no spend"), .text("\(partner) period \(period)"),
                                  .text("nothing declared against a budget of \(format.format(budget))"), .amount(budget)])
            }
        }
        return ReportTable(columns: [
            ReportColumn(key: "risk", label: locale.label("Risk"), isNumeric: false),
            ReportColumn(key: "where", label: locale.label("Where"), isNumeric: false),
            ReportColumn(key: "message", label: locale.label("Message"), isNumeric: false, minimumWidth: 30),
            ReportColumn(key: "amount", label: locale.label("Amount"), isNumeric: true),
        ], rows: rows)
    }

    private static func whatIfSections(_ proposal: Reallocation, input: ReportInput) throws(MoneyError) -> [ReportSection] {
        let locale = input.locale
        let moves = ReportTable(columns: [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false),
            ReportColumn(key: "from", label: locale.label("From"), isNumeric: false),
            ReportColumn(key: "to", label: locale.label("To"), isNumeric: false),
            ReportColumn(key: "amount", label: locale.label("Amount"), isNumeric: true),
        ], rows: proposal.moves.map { ReportRow([.text($0.partnerID), .text($0.from), .text($0.to), .amount($0.amount)]) })
        var lineRows = try proposal.lines.map { (line) throws(MoneyError) in
            ReportRow([.text(line.partnerID), .text(line.categoryID), .amount(line.before), .amount(line.after),
                       .amount(try line.after.subtracting(line.before)), .amount(line.projected)])
        }
        let before = try Money.sum(proposal.lines.map(\.before), currency: .euro)
        let after = try Money.sum(proposal.lines.map(\.after), currency: .euro)
        lineRows.append(ReportRow([.text(locale.label("Total")), .empty, .amount(before), .amount(after), .amount(try after.subtracting(before)),
                                   .amount(try Money.sum(proposal.lines.map(\.projected), currency: .euro))], kind: .total))
        let budgets = ReportTable(columns: [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false),
            ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false),
            ReportColumn(key: "before", label: locale.label("Budget before"), isNumeric: true),
            ReportColumn(key: "after", label: locale.label("Budget after"), isNumeric: true),
            ReportColumn(key: "change", label: locale.label("Change"), isNumeric: true),
            ReportColumn(key: "projected", label: locale.label("Projected"), isNumeric: true),
        ], rows: lineRows)
        let formal = proposal.formalChangeNeeded.map {
            "A formal change request is still needed for \($0.partnerID) \($0.categoryID): \(locale.amountFormat.format($0.amount)) more budget than the partner's other categories can spare."
        }
        return [
            ReportSection(title: locale.label("What-if: moves within each partner's budget"), table: moves,
                          notes: ["Each partner's total, and so the programme funds, stays as approved; a line receives what brings its projection within the \(input.pack.flexibility.limit) flexibility of its new budget, and gives no more than it is projected not to spend."]),
            ReportSection(title: locale.label("What-if: budgets before and after"), table: budgets,
                          notes: formal.isEmpty ? ["After the moves every projection is within the flexibility limit of its budget; no formal change request is needed."] : formal),
        ]
    }

    private static func backtestTable(_ input: ReportInput, options: Options) throws(MoneyError) -> ReportSection? {
        let locale = input.locale
        let results = try Forecast.backtest(grant: input.grant, pack: input.pack, lines: input.lines,
                                            methods: ForecastMethod.all(runRatePeriods: options.runRatePeriods))
        guard !results.isEmpty else { return nil }
        let rows = results.map { result in
            ReportRow([.number(Int64(result.asOf)), .text(result.method.name), .amount(result.projected), .amount(result.actual), .amount(result.error),
                       .percent(ReportInput.percent(result.error, of: result.actual))])
        }
        return ReportSection(title: locale.label("Backtest: each method from each past period against the final spend"), table: ReportTable(columns: [
            ReportColumn(key: "asOf", label: locale.label("From period"), isNumeric: true),
            ReportColumn(key: "method", label: locale.label("Method"), isNumeric: false),
            ReportColumn(key: "projected", label: locale.label("Projected"), isNumeric: true),
            ReportColumn(key: "actual", label: locale.label("Actual"), isNumeric: true),
            ReportColumn(key: "error", label: locale.label("Error"), isNumeric: true),
            ReportColumn(key: "errorShare", label: locale.label("Error %"), isNumeric: true),
        ], rows: rows), notes: ["The actual is everything declared in the ledger, net of reversals; a backtest is meaningful once every period is declared."])
    }

    /// Per partner: cumulative plan, actual to date and the forecast, period by period.
    private static func charts(_ forecast: Forecast, input: ReportInput) throws(MoneyError) -> [ReportChart] {
        let locale = input.locale
        var charts: [ReportChart] = []
        let projections = try forecast.projections()
        for partner in input.grant.partners {
            let mine = projections.filter { $0.partnerID == partner.id }
            var plan = Money.zero(.euro)
            var actual = Money.zero(.euro)
            var groups: [(label: String, values: [Money])] = []
            let periods = input.grant.reportingPeriods.count
            let spentToDate = try Money.sum(mine.map(\.spentToDate), currency: .euro)
            let projected = try Money.sum(mine.map(\.projected), currency: .euro)
            for index in 0..<periods {
                plan = try plan.adding(try Money.sum(mine.map { $0.series.budget[index] }, currency: .euro))
                if index < forecast.asOf { actual = try actual.adding(try Money.sum(mine.map { $0.series.actual[index] }, currency: .euro)) }
                // The forecast runs in a straight line from spend to date to the projection at the end.
                let forecastValue: Money = index + 1 < forecast.asOf ? .zero(.euro) : try spentToDate.adding(try Money(checked: try projected.subtracting(spentToDate), times: Int64(index + 1 - forecast.asOf), over: Int64(periods - forecast.asOf)))
                groups.append((String(index + 1), [plan, index < forecast.asOf ? actual : .zero(.euro), index + 1 < forecast.asOf ? .zero(.euro) : forecastValue]))
            }
            charts.append(ReportChart(title: "\(partner.id) \(partner.name): " + locale.label("cumulative plan, actual and forecast"),
                                      series: [locale.label("Plan"), locale.label("Actual"), locale.label("Forecast")], groups: groups))
        }
        return charts
    }
}

private extension Money {
    /// `amount × numerator ÷ denominator`, rounded half-up: a straight line's point between two amounts.
    init(checked amount: Money, times numerator: Int64, over denominator: Int64) throws(MoneyError) {
        self = try Money(minorUnits: Int64(RoundingMode.halfUp.divide(Int128(amount.minorUnits) * Int128(numerator), by: Int128(denominator))),
                         currency: amount.currency)
    }
}
