/// `grantledger check` with no path: audits a project in the ledger under its rule pack.
enum LedgerCheck {
    static func make(_ parsed: Arguments, session: Session) throws(CLIError) -> CheckReport {
        let report = try ReportSource.ledger(parsed, session: session, command: CheckCommand.name, need: .audit).audit()
        return CheckReport(text: { report.text() }, json: { report.json() }, errorCount: report.count(.error))
    }
}
