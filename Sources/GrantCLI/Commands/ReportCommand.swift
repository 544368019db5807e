import GrantCore
import GrantReports
import GrantStore

/// `grantledger report KIND`: the reports finance officers and auditors hand in.
struct ReportCommand {
    static let name = "report"

    static let help = """
    Usage: grantledger report KIND [FOLDER] [options]

    Writes a report of the ledger's project, or of a project FOLDER (its expenditure files
    read as the ledger would record them; see README, "Project folders"). KIND is one of:
      budget-vs-actual   partner × category × period: budget, declared, certified, remaining, % used
      co-financing       programme funds and contributions by type, budget and certified, against the cap
      expenditure        every entry with dates, amounts, currency, rate, certified and deducted
      payment-claim      certified × programme rate per partner, received and outstanding
      project-report     the certified partner reports, per report and cost category, and the claim on them
      findings           the output of check, grouped by severity and rule

    Every report states the project, the periods, the rule pack and a fingerprint of the
    ledger state it was made from; every total is the sum of the rows shown. The same ledger
    and options give the same bytes.

    --partner, --period and --report restrict any report to one partner, one period, or the
    entries of one partner report (its partner's entries of its period and those re-included
    in it); its rows, totals and findings are those of what it shows (findings are checked on
    the whole project, then those placed there shown). Approved amounts are per partner for
    the whole project, so a period's co-financing and payment claim state them whole.

    Options:
      --format text|csv|html|json|pdf   (default: text; pdf needs --output)
      --excel              with csv: for a spreadsheet in a Latvian locale (BOM, ';', decimal comma)
      --width 80|132       with text: the page width (default: 132)
      --locale en|lv       labels and number format (default: en)
      --output FILE        write to FILE instead of standard output
      --rules PACK         another rule pack (built-in id or PATH.json)
      --project CODE       without FOLDER: the ledger project (default: the only one)
      --db PATH            without FOLDER: the ledger (default: $GRANTLEDGER_DB, else ./grantledger.db)
      --rates FILE         without FOLDER, for findings: monthly rates to check non-euro lines against
      --partner ID         one partner only
      --period N           one reporting period only
      --report PARTNER/N   without FOLDER: one partner report's entries only
      --help               show this help

    Exit status: 0 written; 2 bad usage or unreadable input; 3 the output cannot be written;
    4 database failure.

    Examples:
      grantledger report budget-vs-actual Fixtures/lli-59-open-leadership
      grantledger report expenditure --format csv --excel --output lli-59.csv
      grantledger report budget-vs-actual --partner PP2 --period 2
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: ["format", "width", "locale", "output", "rules", "project", "db", "rates", "partner", "period",
                                             "report"], flagNames: ["excel"])
        guard let kindText = parsed.positionals.first else {
            throw .usage("report needs a kind: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", "))", command: name)
        }
        guard let kind = ReportKind(rawValue: kindText) else {
            throw .usage("no report '\(kindText)'; the reports are \(ReportKind.allCases.map(\.rawValue).joined(separator: ", "))", command: name)
        }
        guard parsed.positionals.count <= 2 else { throw .usage("report takes a kind and at most one project folder", command: name) }
        let options = try RenderOptions(parsed, command: name)
        var source: ReportSource
        let need: ReportSource.Need = switch kind {
        case _ where parsed.value("report") != nil: .lines
        case .budgetVsActual: .sums
        case .findings: .audit
        default: .lines
        }
        if kind == .projectReport, parsed.positionals.count == 2 {
            throw .usage("project-report gathers a ledger's certified partner reports; a project folder has none", command: name)
        }
        if let folder = parsed.positionals.dropFirst().first {
            let pack = try parsed.value("rules").map { (value) throws(CLIError) in try RulePackOption.resolve(value, command: name) }
            source = try ReportSource.folder(folder, rulePack: pack, need: need)
        } else {
            source = try ReportSource.ledger(parsed, session: session, command: name, need: need)
        }
        source.scope = try scope(parsed, source, session)
        if kind == .projectReport {
            let store = try LedgerAccess.open(parsed, session)
            let code = source.grant.project.code
            source.certifiedReports = try LedgerAccess.run { () throws(StoreError) in
                try store.partnerReports(code).reports.filter { $0.state == .certified }.map { (report) throws(StoreError) in
                    try store.controlledReport(projectCode: code, partnerID: report.partnerID, number: report.number)
                }
            }
        }
        try options.emit(try source.document(kind, locale: options.locale), output: parsed.value("output"),
                         protecting: LedgerAccess.protectedPaths(parsed, session), session: session, command: name)
        return .success
    }

    /// `--partner`, `--period` and `--report`, checked against the project.
    static func scope(_ parsed: Arguments, _ source: ReportSource, _ session: Session) throws(CLIError) -> ReportScope {
        var scope = ReportScope()
        let grant = source.grant
        if let partner = parsed.value("partner") {
            guard grant.partner(partner) != nil else {
                throw .usage("--partner \(partner): the project has no such partner; its partners are "
                    + grant.partners.map(\.id).joined(separator: ", "), command: name)
            }
            scope.partnerID = partner
        }
        if let text = parsed.value("period") {
            guard let period = Int(text), grant.reportingPeriods.contains(where: { $0.number == period }) else {
                throw .usage("--period \(text): the project's periods are 1 to \(grant.reportingPeriods.count)", command: name)
            }
            scope.periodNumber = period
        }
        guard let text = parsed.value("report") else { return scope }
        guard parsed.positionals.count == 1 else { throw .usage("--report reads a ledger, not a project folder", command: name) }
        guard scope.partnerID == nil, scope.periodNumber == nil else {
            throw .usage("--report names its partner and period; give it without --partner and --period", command: name)
        }
        let (partner, number) = try PartnerReportCommand.reference(text)
        let store = try LedgerAccess.open(parsed, session)
        let controlled = try LedgerAccess.run { () throws(StoreError) in
            try store.controlledReport(projectCode: grant.project.code, partnerID: partner, number: number)
        }
        scope.partnerID = partner
        scope.periodNumber = controlled.report.periodNumber
        scope.report = (text, Set(controlled.lines.map(\.entry.sequence)))
        return scope
    }
}

/// How a report is written: format, page width, locale.
struct RenderOptions {
    var format = "text"
    var excel = false
    var width = 132
    var locale = ReportLocale.en

    init(format: String, excel: Bool = false, width: Int = 132, locale: ReportLocale = .en) {
        self.format = format
        self.excel = excel
        self.width = width
        self.locale = locale
    }

    init(_ parsed: Arguments, command: String) throws(CLIError) {
        format = try parsed.choice("format", allowed: ["text", "csv", "html", "json", "pdf"], command: command) ?? "text"
        excel = parsed.flag("excel")
        guard !excel || format == "csv" else { throw .usage("--excel goes with --format csv", command: command) }
        width = try parsed.choice("width", allowed: ["80", "132"], command: command).flatMap { Int($0) } ?? 132
        locale = try parsed.choice("locale", allowed: ReportLocale.allCases.map(\.rawValue), command: command).flatMap(ReportLocale.init(rawValue:)) ?? .en
    }

    func render(_ document: ReportDocument) -> [UInt8] {
        switch format {
        case "csv": Array(CSVRenderer(excel: excel).render(document).utf8)
        case "html": Array(HTMLRenderer().render(document).utf8)
        case "json": Array(JSONRenderer().render(document).utf8)
        case "pdf": PDFRenderer().render(document)
        default: Array(TextRenderer(width: width).render(document).utf8)
        }
    }

    /// Writes `document` to `output`, or to standard output (not for PDF).
    func emit(_ document: ReportDocument, output: String?, protecting: [String], session: Session, command: String) throws(CLIError) {
        let bytes = render(document)
        if let output {
            try FileSystem.write(bytes, to: output, protecting: protecting)
            session.console.writeError("Wrote \(output).\n")
        } else {
            guard format != "pdf" else { throw .usage("--format pdf needs --output FILE", command: command) }
            session.console.write(String(decoding: bytes, as: UTF8.self))
        }
    }

    /// The file name ending for this format.
    var fileExtension: String {
        switch format {
        case "csv": excel ? "excel.csv" : "csv"
        case "html": "html"
        case "json": "json"
        case "pdf": "pdf"
        default: width == 80 ? "80.txt" : "txt"
        }
    }
}
