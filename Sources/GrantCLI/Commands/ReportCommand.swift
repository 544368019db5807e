import GrantCore
import GrantReports

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
      findings           the output of check, grouped by severity and rule

    Every report states the project, the periods, the rule pack and a fingerprint of the
    ledger state it was made from; every total is the sum of the rows shown. The same ledger
    and options give the same bytes.

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
      --help               show this help

    Exit status: 0 written; 2 bad usage or unreadable input; 3 the output cannot be written;
    4 database failure.

    Examples:
      grantledger report budget-vs-actual Fixtures/lli-59-open-leadership
      grantledger report expenditure --format csv --excel --output lli-59.csv
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: ["format", "width", "locale", "output", "rules", "project", "db", "rates"], flagNames: ["excel"])
        guard let kindText = parsed.positionals.first else {
            throw .usage("report needs a kind: \(ReportKind.allCases.map(\.rawValue).joined(separator: ", "))", command: name)
        }
        guard let kind = ReportKind(rawValue: kindText) else {
            throw .usage("no report '\(kindText)'; the reports are \(ReportKind.allCases.map(\.rawValue).joined(separator: ", "))", command: name)
        }
        guard parsed.positionals.count <= 2 else { throw .usage("report takes a kind and at most one project folder", command: name) }
        let options = try RenderOptions(parsed, command: name)
        let source: ReportSource
        let need: ReportSource.Need = switch kind {
        case .budgetVsActual: .sums
        case .findings: .audit
        default: .lines
        }
        if let folder = parsed.positionals.dropFirst().first {
            let pack = try parsed.value("rules").map { (value) throws(CLIError) in try RulePackOption.resolve(value, command: name) }
            source = try ReportSource.folder(folder, rulePack: pack, need: need)
        } else {
            source = try ReportSource.ledger(parsed, session: session, command: name, need: need)
        }
        try options.emit(try source.document(kind, locale: options.locale), output: parsed.value("output"),
                         protecting: LedgerAccess.protectedPaths(parsed, session), session: session, command: name)
        return .success
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
