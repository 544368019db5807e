import Foundation
import Testing
import GrantCore
import TestSupport
@testable import GrantCLI
@testable import GrantFormats

/// Hostile partner names, suppliers and descriptions, and awkward output paths: every format
/// shows the text as text (no formula, no markup, no broken PDF string), and paths are handled.
@Suite("Output safety")
struct OutputSafetyTests {
    static let partnerName = #"=HYPERLINK("http://x.example","pay") <script>alert(1)</script> & "q" 'r'"#
    static let supplier = #"@SUM(1+1)*cmd|' /C calc'!A0 (a\b) ) ( "); DROP TABLE entries; --"#

    /// LLI-59 with a hostile partner name and one hostile expenditure line.
    static func folder() throws -> ScratchFolder {
        let scratch = try ScratchFolder()
        let fixture = "Fixtures/lli-59-open-leadership"
        var project = String(decoding: try Repository.bytes("\(fixture)/project.json"), as: UTF8.self)
        let escaped = partnerName.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        project = project.replacingOccurrences(of: "\"name\": \"Latgales plānošanas reģions\"", with: "\"name\": \"\(escaped)\"")
        try scratch.write("project.json", project)
        try scratch.write("budget-lines.csv", bytes: try Repository.bytes("\(fixture)/budget-lines.csv"))
        func quoted(_ text: String) -> String { "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        try scratch.write("expenditure.csv", "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n"
                          + "PP2,travel,3,=1+1,\(quoted(supplier)),2018-06-01,2018-06-05,100.00,21.00,121.00,EUR,,,<b>bold</b>,../../etc/passwd\n")
        try scratch.write("submissions.csv", "file,submitted\nexpenditure.csv,2018-11-15\n")
        return scratch
    }

    func report(_ kind: String, _ format: String, in scratch: ScratchFolder) throws -> [UInt8] {
        let output = scratch.path + "/out/\(kind).\(format)"
        let result = runCLI(["report", kind, scratch.path, "--format", format, "--output", output])
        #expect(result.status == 0, "\(result.errors)")
        return Array(try Data(contentsOf: URL(fileURLWithPath: output)))
    }

    @Test("CSV: every hostile text reads back as text, formulas neutralised with a leading apostrophe")
    func csv() throws {
        let scratch = try Self.folder()
        let cells = try CSVDocument(bytes: try report("expenditure", "csv", in: scratch), file: "x.csv").records.flatMap(\.fields).map(\.text)
        #expect(cells.contains("'" + Self.supplier))
        #expect(cells.contains("'=1+1"))
        let budget = try CSVDocument(bytes: try report("budget-vs-actual", "csv", in: scratch), file: "x.csv").records.flatMap(\.fields).map(\.text)
        #expect(budget.contains("PP2 " + Self.partnerName))
        #expect(!budget.contains { $0.hasPrefix("=") || $0.hasPrefix("@") })
    }

    @Test("HTML: markup in names and descriptions is shown, never run")
    func html() throws {
        let scratch = try Self.folder()
        for kind in ["expenditure", "budget-vs-actual"] {
            let page = String(decoding: try report(kind, "html", in: scratch), as: UTF8.self)
            #expect(!page.contains("<script>alert"), "\(kind)")
            #expect(!page.contains("\"http://x.example\""), "\(kind)")
        }
        let budget = String(decoding: try report("budget-vs-actual", "html", in: scratch), as: UTF8.self)
        #expect(budget.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot; &#39;r&#39;"))
    }

    @Test("JSON: the report reads back with the hostile text intact")
    func json() throws {
        let scratch = try Self.folder()
        let text = String(decoding: try report("expenditure", "json", in: scratch), as: UTF8.self)
        _ = try JSONParser.parse(Array(text.utf8), file: "x.json")
        #expect(text.contains(#""@SUM(1+1)*cmd|' /C calc'!A0 (a\\b) ) ( \"); DROP TABLE entries; --""#))
    }

    @Test("PDF: parentheses and backslashes are escaped in strings; the file checks clean and the text extracts", .enabled(if: pdfToolsInstalled))
    func pdf() throws {
        let scratch = try Self.folder()
        let path = scratch.path + "/out/expenditure.pdf"
        _ = try report("expenditure", "pdf", in: scratch)
        #expect(tool("qpdf", ["--check", path])?.status == 0)
        let text = tool("pdftotext", ["-layout", path, "-"])?.output ?? ""
        #expect(text.contains(#"(a\b) ) ("#))
    }

    @Test("output paths: spaces and Latvian letters work, missing folders are made, a folder or an unwritable place is refused")
    func outputPaths() throws {
        let scratch = try Self.folder()
        let fixture = Repository.path("Fixtures/lli-59-open-leadership")
        let odd = scratch.path + "/new folder/ā ž (1).csv"
        #expect(runCLI(["report", "budget-vs-actual", fixture, "--format", "csv", "--output", odd]).status == 0)
        #expect(FileManager.default.fileExists(atPath: odd))
        let onFolder = runCLI(["report", "budget-vs-actual", fixture, "--output", scratch.path])
        #expect(onFolder.status == 3)
        #expect(onFolder.errors.hasPrefix("grantledger: cannot write \(scratch.path): "))
        let unwritable = runCLI(["report", "budget-vs-actual", fixture, "--output", "/proc/grantledger-report.txt"])
        #expect(unwritable.status == 3)
        #expect(unwritable.errors.hasPrefix("grantledger: cannot write /proc/grantledger-report.txt: "))
    }
}

@Suite("Outputs that cannot destroy")
struct DestructiveOutputTests {
    static func bytes(_ path: String) -> [UInt8]? { FileManager.default.contents(atPath: path).map(Array.init) }

    @Test("--output never replaces the ledger (by any name), an input of the same command, a folder or a FIFO")
    func refusals() throws {
        let ledger = try LedgerSession(inFile: true)  // the file itself is what is tested
        ledger.walkThrough()
        let before = Self.bytes(ledger.database)
        let link = ledger.scratch.path + "/ledger-link.db"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: ledger.database)
        let cases: [([String], String)] = [
            (["report", "budget-vs-actual", "--output", ledger.database], "which this command reads"),
            (["report", "budget-vs-actual", "--output", link], "which this command reads"),
            (["forecast", "--output", ledger.database], "which this command reads"),
            (["check", "--output", ledger.database + "-wal"], "a part of the ledger this command reads"),
            (["check", "\(ledger.fixture)/budget-table.csv", "--output", "\(ledger.fixture)/budget-table.csv"], "which this command reads"),
            (["report", "budget-vs-actual", ledger.fixture, "--output", "\(ledger.fixture)/project.json"], "which this command reads"),
            (["report", "budget-vs-actual", "--output", ledger.scratch.path], "it is a folder"),
            (["report", "budget-vs-actual", "--output", "postgresql://liga@/lli59"], "it names a database on a server, not a file"),
        ]
        for (arguments, reason) in cases {
            let result = ledger.run(arguments)
            #expect(result.status == 3, "\(arguments)")
            #expect(result.errors.contains(reason), "\(arguments): \(result.errors)")
        }
        #expect(Self.bytes(ledger.database) == before)
        // Another ledger, not read by this command, is still a database a report must not replace.
        let other = try LedgerSession(inFile: true)
        _ = other.run(["init"])
        let refused = ledger.run(["report", "co-financing", "--output", other.database])
        #expect(refused.status == 3 && refused.errors.contains("it holds a SQLite database"), "\(refused.errors)")
        let fifo = ledger.scratch.path + "/fifo"
        #expect(mkfifo(fifo, 0o600) == 0)
        let piped = ledger.run(["report", "co-financing", "--output", fifo])
        #expect(piped.status == 3 && piped.errors.contains("it is not a regular file"), "\(piped.errors)")
    }

    @Test("a link planted at a temporary name is never followed; the report lands at its own name")
    func plantedLink() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let victim = try ledger.scratch.write("victim.txt", "keep me")
        let output = ledger.scratch.path + "/report.txt"
        for suffix in ["partial", "partial-\(getpid())-0"] {
            try FileManager.default.createSymbolicLink(atPath: ledger.scratch.path + "/.report.txt.\(suffix)", withDestinationPath: victim)
        }
        #expect(ledger.run(["report", "co-financing", "--output", output]).status == 0)
        #expect(String(decoding: Self.bytes(victim) ?? [], as: UTF8.self) == "keep me")
        #expect(String(decoding: Self.bytes(output) ?? [], as: UTF8.self).contains("Co-financing statement"))
    }
}
