/// `grantledger refresh-reports`: regenerates every report of every fixture into Reports/, or
/// with `--check` only says which are stale.
struct RefreshReportsCommand {
    static let name = "refresh-reports"

    static let help = """
    Usage: grantledger refresh-reports [--root DIR] [--check]

    Regenerates Reports/ from Fixtures/: for each scenario folder Fixtures/NAME, the check of
    the folder (when it has project.json) as Reports/NAME/check.txt and check.json, the check
    of each budget table TABLE.csv as Reports/NAME/TABLE.check.txt and .json, and, when the
    folder has expenditure (submissions.csv), every report (budget-vs-actual, co-financing,
    expenditure, payment-claim, findings, and the forecast from the last declared period with
    its what-if and backtest) as .txt, .csv, .excel.csv, .html, .json and .pdf.

    Options:
      --root DIR   the project root holding Fixtures/ and Reports/ (default: current folder)
      --check      write nothing; list the reports that are missing or differ, exit 1 if any
      --help       show this help

    Exit status: 0 reports written (or, with --check, all current); 1 with --check, some
    report is stale; 2 a fixture cannot be read; 3 a report cannot be written.
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let console = session.console
        let parsed = try Arguments(arguments, command: name, options: ["root"], flagNames: ["check"])
        guard parsed.positionals.isEmpty else { throw .usage("refresh-reports takes no file names", command: name) }
        let root = parsed.value("root") ?? "."
        let expected = try expectedReports(root: root)
        if parsed.flag("check") {
            let stale = expected.filter { path, text in
                (try? FileSystem.readBytes(FileSystem.join(root, path))) != text
            }
            for (path, _) in stale { console.writeError("stale: \(path)\n") }
            console.writeError(stale.isEmpty ? "All \(expected.count) reports are current.\n"
                               : "\(stale.count) of \(expected.count) reports are stale; run 'grantledger refresh-reports'.\n")
            return stale.isEmpty ? .success : .findings
        }
        for (path, text) in expected { try FileSystem.write(text, to: FileSystem.join(root, path)) }
        console.writeError("Wrote \(expected.count) reports under \(root == "." ? "Reports" : FileSystem.join(root, "Reports")).\n")
        return .success
    }

    /// Every report path (relative to the root) and its content, in a fixed order.
    static func expectedReports(root: String) throws(CLIError) -> [(String, [UInt8])] {
        var reports: [(String, [UInt8])] = []
        let fixtures = FileSystem.join(root, "Fixtures")
        for scenario in try FileSystem.contents(fixtures) where FileSystem.isFolder(FileSystem.join(fixtures, scenario)) {
            let folder = "Fixtures/\(scenario)"
            let hasProject = FileSystem.exists(FileSystem.join(FileSystem.join(root, folder), "project.json"))
            if hasProject {
                reports += try both(of: folder, root: root, as: "Reports/\(scenario)/check")
            }
            if hasProject, FileSystem.exists(FileSystem.join(FileSystem.join(root, folder), FolderExpenditure.submissionsFile)) {
                reports += try projectReports(of: folder, root: root, scenario: scenario)
            }
            for name in try FileSystem.contents(FileSystem.join(root, folder)) where name.hasSuffix(".csv") {
                guard !hasProject || name.hasPrefix("budget-table") else { continue }
                reports += try both(of: "\(folder)/\(name)", root: root, as: "Reports/\(scenario)/\(name.dropLast(4)).check")
            }
        }
        return reports
    }

    /// Every report kind of a project folder with expenditure, in every format.
    private static func projectReports(of folder: String, root: String, scenario: String) throws(CLIError) -> [(String, [UInt8])] {
        let source = try ReportSource.folder(folder, rulePack: nil) { FileSystem.join(root, $0) }
        let formats = [RenderOptions(format: "text"), RenderOptions(format: "csv"), RenderOptions(format: "csv", excel: true),
                       RenderOptions(format: "html"), RenderOptions(format: "json"), RenderOptions(format: "pdf")]
        var reports: [(String, [UInt8])] = []
        var documents = try ReportKind.ofFolders.map { (kind) throws(CLIError) in try source.document(kind, locale: .en) }
        if let forecast = try source.defaultForecast() { documents.append(forecast) }
        for document in documents {
            for options in formats { reports.append(("Reports/\(scenario)/\(document.id).\(options.fileExtension)", options.render(document))) }
        }
        return reports
    }

    /// The text and JSON check of `path`, shown with paths relative to the root so the reports
    /// read the same wherever the repository is cloned.
    private static func both(of path: String, root: String, as stem: String) throws(CLIError) -> [(String, [UInt8])] {
        var options = CheckCommand.Options(path: path)
        options.root = root
        let report = try CheckReport.make(options)
        return [("\(stem).txt", Array(report.text.utf8)), ("\(stem).json", Array(report.json.utf8))]
    }
}
