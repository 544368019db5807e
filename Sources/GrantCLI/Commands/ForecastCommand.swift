import GrantCore
import GrantReports

/// `grantledger forecast [FOLDER]`: where the project will end, and what the rules allow.
struct ForecastCommand {
    static let name = "forecast"

    static let help = """
    Usage: grantledger forecast [FOLDER] [--as-of N] [--method plan|run-rate|trend|execution]
                                [--run-rate-periods K] [--underspend-threshold PERCENT]
                                [--what-if] [--backtest] [--format text|csv|html|json|pdf]
                                [--width 80|132] [--locale en|lv] [--output FILE]
                                [--rules PACK] [--project CODE] [--db PATH]

    Forecasts, from the end of reporting period N, each partner × cost category's and the
    project's spend at the end date: projected spend, variance against budget, absorption so
    far, with the method and its assumption. All four methods are compared for the project:
      plan        spend to date, then the remaining budget as planned
      run-rate    spend to date, then the average of the last K periods for each period left
      trend       the least-squares line through cumulative spend so far (from zero)
      execution   the remaining budget at the partner's execution ratio so far (default)
    Every projection is exact to the cent, rounded half-up once.

    Risks: projected underspend beyond the threshold (default 10%) for a partner or the
    project, projected overspend beyond the rule pack's flexibility limit, and periods a
    partner declared nothing in.

    --what-if proposes moves between each partner's categories, from projected underspend
    to projected overspend, within the flexibility limit and without changing any partner's
    total (so programme funds stay as approved), with the budget before and after, and what
    still needs a formal change request. --backtest forecasts from every past period with
    every method and shows each one's error against the final spend.

    Options:
      --as-of N                 forecast from the end of period N (default: the last period
                                with net declared spend, at most the second-last period)
      --method NAME             the method of the main table (default: execution)
      --run-rate-periods K      periods the run rate averages (default: 2)
      --underspend-threshold P  the underspend to flag, in percent of budget (default: 10)
      --what-if, --backtest     as above
      --format, --width, --locale, --output, --rules, --project, --db   as for 'report'
      --help                    show this help

    Exit status: 0 written; 2 bad usage or unreadable input; 3 the output cannot be
    written; 4 database failure.

    Example:
      grantledger forecast Fixtures/lli-59-open-leadership --as-of 2 --what-if
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: [
            "as-of", "method", "run-rate-periods", "underspend-threshold", "format", "width", "locale", "output", "rules", "project", "db",
        ], flagNames: ["what-if", "backtest", "excel"])
        guard parsed.positionals.count <= 1 else { throw .usage("forecast takes at most one project folder", command: name) }
        let options = try RenderOptions(parsed, command: name)
        let source: ReportSource
        if let folder = parsed.positionals.first {
            let pack = try parsed.value("rules").map { (value) throws(CLIError) in try RulePackOption.resolve(value, command: name) }
            source = try ReportSource.folder(folder, rulePack: pack)
        } else {
            source = try ReportSource.ledger(parsed, session: session, command: name)
        }
        let periods = source.grant.reportingPeriods.count
        guard periods >= 2 else { throw .usage("a forecast needs a project of at least two reporting periods", command: name) }
        let runRate = try LedgerAccess.number(parsed, "run-rate-periods", command: name) ?? 2
        let defaultAsOf = try CLIError.withMoney(source.grant.project.code) { () throws(MoneyError) in
            let summed: SpendIndex
            if let stored = source.spend { summed = stored } else { summed = try SpendIndex(source.lines) }
            return try Forecast.defaultAsOf(spend: summed, periods: periods)
        }
        let asOf = try LedgerAccess.number(parsed, "as-of", command: name) ?? defaultAsOf
        guard asOf < periods else {
            throw .usage("--as-of \(asOf): a forecast starts after one of periods 1 to \(periods - 1); period \(periods) is the last", command: name)
        }
        let methods = ForecastMethod.all(runRatePeriods: runRate)
        let methodName = try parsed.choice("method", allowed: methods.map(\.name), command: name) ?? "execution"
        let method = methods.first { $0.name == methodName }!
        var threshold = Rate.percent(10)
        if let text = parsed.value("underspend-threshold") {
            do {
                threshold = try Rate(percentText: text)
            } catch {
                throw .usage("--underspend-threshold: \(error.message)", command: name)
            }
        }
        let input = ReportInput(grant: source.grant, pack: source.pack, lines: source.lines, fingerprint: source.fingerprint,
                                locale: options.locale, payments: source.payments)
        let document = try CLIError.withMoney(source.grant.project.code) { () throws(MoneyError) in
            try ForecastReport.build(input, asOf: asOf, method: method, options: ForecastReport.Options(
                runRatePeriods: runRate, underspendThreshold: threshold, whatIf: parsed.flag("what-if"), backtest: parsed.flag("backtest")))
        }
        let protected = LedgerAccess.protectedPaths(parsed, session)
        try options.emit(document, output: parsed.value("output"), protecting: protected, session: session, command: name)
        return .success
    }
}
