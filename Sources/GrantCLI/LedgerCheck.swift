import GrantCore
import GrantReports
import GrantStore

/// `grantledger check` with no path: audits a ledger project under its rule pack.
enum LedgerCheck {
    static func make(_ parsed: Arguments, session: Session) throws(CLIError) -> CheckReport {
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: CheckCommand.name)
        let grant = try LedgerAccess.run { () throws(StoreError) in try store.grant(code) }
        let pack = try parsed.value("rules").map { (value) throws(CLIError) in try RulePackOption.resolve(value, command: CheckCommand.name) }
            ?? grant.programme.rulePack
        let lines = try LedgerAccess.run { () throws(StoreError) in try store.ledgerLines(projectCode: code, filter: .init()) }
        let batches = try LedgerAccess.run { () throws(StoreError) in try store.importBatches(code) }
        let audit = Audit(grant: grant, pack: pack, lines: lines, batches: batches, rates: try ImportCommand.rateTable(parsed))
        let findings: [AuditFinding]
        do {
            findings = try audit.findings()
        } catch {
            throw .money(error, context: "the ledger of \(code)")
        }
        let report = AuditReport(grant: grant, pack: pack, findings: findings, entriesChecked: lines.count)
        return CheckReport(text: report.text(), json: report.json(), errorCount: report.count(.error))
    }
}
