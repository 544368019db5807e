import GrantCore
import GrantFormats
import GrantReports

/// `grantledger check PATH`: reconciles a budget table, or checks a project folder.
struct CheckCommand {
    static let name = "check"

    static let help = """
    Usage: grantledger check [PATH] [options]

    Checks that a budget holds together, to the cent, and says exactly where it does not;
    or, without PATH, audits a project in the ledger.

    Without PATH, every expenditure entry of the ledger's project (--project CODE when it
    holds several; --db PATH as for the other ledger commands) is checked under the
    project's rule pack, or --rules PACK: costs invoiced or paid outside the project
    period, unpaid or paid after they were declared; the same invoice declared twice in a
    report, across reports or across partners; flat-rate amounts against their base;
    spend over a budget beyond the flexibility limit; programme funds above the approved.

    PATH is either
      a budget table (.csv) as programmes publish it: one row per partner with status,
        partner, country, region, programme funds, national co-financing and total, and
        an optional last row of stated totals. English or Latvian headers; comma or
        semicolon separated; decimal point or comma, decided for the whole file.
      a project folder holding project.json (see README, "Project folders"): its approved
        amounts and budget lines are checked, and so is every budget-table*.csv in it.

    Every row is checked (programme funds + co-financing = total), every column against
    the stated totals, and each partner's and the project's programme funds against the
    rule pack's co-financing cap. Where one cell explains several breaks, the report names
    that cell and the value that would reconcile them all.

    Options:
      --rules PACK           a built-in rule pack (see 'grantledger rules') or a pack file
                             PATH.json. Default: the project's own pack, or
                             interreg-2014-2020 for a table.
      --format text|json     output format (default: text)
      --output FILE          write the report to FILE instead of standard output
      --currency CODE        ISO 4217 currency of a table's amounts (default: EUR)
      --decimal-mark point|comma
                             the table's decimal mark, when the file alone cannot settle it
      --project CODE         without PATH: the ledger project (default: the only one)
      --rates FILE           without PATH: check non-euro lines against these monthly rates
      --db PATH              without PATH: the ledger (default: $GRANTLEDGER_DB, else ./grantledger.db)
      --help                 show this help

    Exit status: 0 no errors found; 1 errors found; 2 unreadable input or bad usage
    (the message names file, line and column); 3 the output file cannot be written;
    4 the ledger cannot be used (check without a path).

    Examples:
      grantledger check Fixtures/lli-59-open-leadership/budget-table.csv
      grantledger check --project LLI-59
    """

    struct Options {
        var path: String
        var rulePack: RulePack?
        var currency = Currency.euro
        var decimalMark: DecimalMark?
        /// A folder that `path` is relative to; reports still show `path` as given.
        var root: String?

        /// Where `displayed` (a path as reports show it) is on disk.
        func located(_ displayed: String) -> String { root.map { FileSystem.join($0, displayed) } ?? displayed }
    }

    static func parse(_ parsed: Arguments) throws(CLIError) -> Options {
        guard let path = parsed.positionals.first else { throw .usage("check needs a budget table or project folder", command: name) }
        guard parsed.positionals.count == 1 else {
            throw .usage("check takes one table or folder; got \(parsed.positionals.count): \(parsed.positionals.joined(separator: " "))", command: name)
        }
        var options = Options(path: path)
        if let value = parsed.value("rules") {
            options.rulePack = try RulePackOption.resolve(value, command: name)
        }
        if let code = parsed.value("currency") {
            guard let currency = Currency(code: code.uppercased()) else {
                throw .usage("--currency \(code) is not an ISO 4217 code the engine knows; e.g. EUR, NOK, USD", command: name)
            }
            options.currency = currency
        }
        if let mark = try parsed.choice("decimal-mark", allowed: ["point", "comma"], command: name) {
            options.decimalMark = DecimalMark(rawValue: mark)
        }
        return options
    }

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let console = session.console
        let parsed = try Arguments(arguments, command: name,
                                   options: ["rules", "format", "output", "currency", "decimal-mark", "db", "project", "rates"], flagNames: [])
        let report: CheckReport
        let output = parsed.value("output")
        let format = try parsed.choice("format", allowed: ["text", "json"], command: name) ?? "text"
        if parsed.positionals.isEmpty {
            report = try LedgerCheck.make(parsed, session: session)
        } else {
            report = try CheckReport.make(try parse(parsed))
        }
        let text = format == "json" ? report.json : report.text
        if let output {
            try FileSystem.write(text, to: output, protecting: LedgerAccess.protectedPaths(parsed, session))
            console.writeError("Wrote \(output): \(report.summary)\n")
        } else {
            console.write(text)
        }
        return report.errorCount == 0 ? .success : .findings
    }

}

/// A finished check, to be rendered either way: what `check` prints and `refresh-reports`
/// stores. Each rendering is made when asked for, so `check` makes only the one it prints.
struct CheckReport {
    private let renderText: () -> String
    private let renderJSON: () -> String
    let errorCount: Int

    init(text: @escaping () -> String, json: @escaping () -> String, errorCount: Int) {
        renderText = text
        renderJSON = json
        self.errorCount = errorCount
    }

    var text: String { renderText() }
    var json: String { renderJSON() }

    var summary: String { errorCount == 0 ? "no errors" : "\(errorCount) error\(errorCount == 1 ? "" : "s")" }

    static func make(_ options: CheckCommand.Options) throws(CLIError) -> CheckReport {
        if FileSystem.isFolder(options.located(options.path)) {
            let check = try projectCheck(options)
            return CheckReport(text: { check.text() }, json: { check.json() }, errorCount: check.errorCount)
        }
        let check = try tableCheck(options.path, options: options, rulePack: options.rulePack ?? .interreg2014to2020)
        return CheckReport(text: { check.text() }, json: { check.json() }, errorCount: check.count(.error))
    }

    private static func tableCheck(_ path: String, options: CheckCommand.Options, rulePack: RulePack) throws(CLIError) -> BudgetTableCheck {
        let bytes = try FileSystem.readBytes(options.located(path))
        let file: BudgetTableFile
        do {
            file = try BudgetTableReader(currency: options.currency, decimalMark: options.decimalMark).read(bytes, file: path)
        } catch {
            throw .input(error)
        }
        let source = BudgetTableSource(file: path, delimiter: file.delimiter, decimalMark: file.decimalMark,
                                       columnNumbers: file.columnNumbers)
        do {
            return try BudgetTableCheck(source: source,
                                        reconciliation: BudgetTableReconciliation(table: file.table, rulePack: rulePack))
        } catch {
            throw .money(error, context: path)
        }
    }

    private static func projectCheck(_ options: CheckCommand.Options) throws(CLIError) -> ProjectCheck {
        let folder = options.path
        let source = try ReportSource.folder(folder, rulePack: options.rulePack, fingerprinted: false, need: .audit,
                                             located: options.located)
        let grant = source.grant
        let rulePack = source.pack
        let effective = grant.under(rulePack)
        var tableOptions = options
        tableOptions.currency = grant.project.currency
        var tables: [BudgetTableCheck] = []
        for name in try FileSystem.contents(options.located(folder)) where name.hasPrefix("budget-table") && name.hasSuffix(".csv") {
            tables.append(try tableCheck(FileSystem.join(folder, name), options: tableOptions, rulePack: rulePack))
        }
        let hasExpenditure = FileSystem.exists(options.located(FileSystem.join(folder, FolderExpenditure.submissionsFile)))
        let audit = hasExpenditure ? try source.audit() : nil
        return try CLIError.withMoney(folder) { () throws(MoneyError) in
            try ProjectCheck(folder: folder, grant: effective, tableChecks: tables, audit: audit)
        }
    }

}
