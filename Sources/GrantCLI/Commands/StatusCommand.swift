import GrantCore
import GrantReports
import GrantStore

/// `grantledger status`: the project on one screen.
struct StatusCommand {
    static let name = "status"

    static let help = """
    Usage: grantledger status [--format text|csv|html|json|pdf] [--output FILE] [--locale en|lv]
                              [--project CODE] [--db PATH|URI]

    The ledger's project on one screen: per partner and for the project, the budget, what is
    declared, certified, claimed (the programme funds on what is certified) and received, the
    absorption (certified ÷ budget), the open findings of 'grantledger check', the partner
    reports and their states; then the closed periods, and the chain head with whether the
    whole ledger verifies (as 'grantledger verify' checks it).

    Options:
      --format text|csv|html|json|pdf   (default: text; pdf needs --output)
      --output FILE      write to FILE instead of standard output
      --locale en|lv     labels and number format (default: en)
      --project CODE     the project (default: the ledger's only project)
      --db PATH|URI      the ledger (default: $GRANTLEDGER_DB, else ./grantledger.db)
      --help             show this help

    Exit status: 0 shown, the ledger verifies; 1 shown, the ledger does NOT verify; 2 bad usage;
    3 the output cannot be written; 4 database failure.

    Example:
      grantledger status --format html --output status.html
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: ["format", "output", "locale", "width", "project", "db"],
                                   flagNames: ["excel"])
        guard parsed.positionals.isEmpty else { throw .usage("status takes no file names; name the ledger with --db", command: name) }
        let options = try RenderOptions(parsed, command: name)
        let source = try ReportSource.ledger(parsed, session: session, command: name, need: .audit)
        let store = try LedgerAccess.open(parsed, session)
        let code = source.grant.project.code
        let book = try LedgerAccess.run { () throws(StoreError) in try store.partnerReports(code) }
        let closed = try LedgerAccess.run { () throws(StoreError) in try store.closedPeriods(code) }.keys.sorted()
        let verification = try LedgerAccess.run { () throws(StoreError) in try store.verify() }
        let status = ProjectStatus(
            reports: book.reports.map { ($0.partnerID, "\($0.partnerID)/\($0.number)", $0.state) }, closedPeriods: closed,
            chainHead: try LedgerAccess.ledgerState(store, signed: false),
            verificationFailure: verification.isIntact ? nil : (verification.problems.count, verification.problems.first?.sequence))
        let audit = try source.audit()
        let input = ReportInput(grant: source.grant, pack: source.pack, lines: source.lines, fingerprint: source.fingerprint,
                                locale: options.locale, payments: source.payments, spend: source.spend)
        let document = try CLIError.withMoney(code) { () throws(MoneyError) in
            try StatusReport.build(input, findings: audit.findings, status: status)
        }
        try options.emit(document, output: parsed.value("output"), protecting: LedgerAccess.protectedPaths(parsed, session),
                         session: session, command: name)
        return verification.isIntact ? .success : .findings
    }
}
