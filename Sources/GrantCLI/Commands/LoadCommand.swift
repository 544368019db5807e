import GrantKeys
import GrantCore
import GrantReports
import GrantStore

/// `grantledger load FOLDER`: stores a project definition and its budget in the ledger.
struct LoadCommand {
    static let name = "load"

    static let help = """
    Usage: grantledger load FOLDER [--db PATH] [--author NAME]

    Loads a project folder (project.json and its budget lines; see README, "Project folders")
    into the ledger. The approved budget must hold together first: source amounts add up to
    each partner's total, budget lines to each approved amount, programme funds within the
    cap (see 'grantledger check FOLDER'). The definition's SHA-256 fingerprint is chained as
    a ledger entry, so 'verify' detects any later change to it. A project is loaded once;
    loading the same definition again changes nothing.

    Options:
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 loaded (or already loaded); 1 the approved budget does not hold together;
    2 unreadable folder, bad usage, or a different definition under a loaded code; 4 database failure.

    Example:
      grantledger load Fixtures/lli-59-open-leadership
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: LedgerAccess.options, flagNames: [])
        guard parsed.positionals.count == 1, let folder = parsed.positionals.first else {
            throw .usage("load takes one project folder", command: name)
        }
        let grant = try ProjectFolder.read(folder)
        let check: ProjectCheck
        do {
            check = try ProjectCheck(folder: folder, grant: grant, tableChecks: [])
        } catch {
            throw .money(error, context: folder)
        }
        guard check.errorCount == 0 else {
            session.console.writeError(check.text())
            session.console.writeError("Not loaded: the approved budget does not hold together (\(check.errorCount) error\(check.errorCount == 1 ? "" : "s") above).\n")
            return .findings
        }
        let store = try LedgerAccess.open(parsed, session)
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: nil, command: name)
        let outcome = try LedgerAccess.run { () throws(StoreError) in try store.loadProject(grant, by: authorship) }
        let project = grant.project
        switch outcome {
        case .alreadyLoaded:
            session.console.write("Project \(project.code) is already in \(store.path) with the same definition; nothing changed.\n")
        case .loaded(let sequence):
            let total = (try? Money.sum(grant.budgetLines.map(\.amount), currency: project.currency)).map(AmountFormat.en.format) ?? "?"
            session.console.write("""
            Loaded project \(project.code) "\(project.acronym)" into \(store.path) as entry \(sequence):
              \(grant.partners.count) partners, \(grant.fundingSources.count) funding sources, \(grant.costCategories.count) cost categories, \(grant.reportingPeriods.count) reporting periods,
              \(grant.budgetLines.count) budget lines totalling \(total) \(project.currency); rule pack \(grant.programme.rulePack.id).
              Definition fingerprint (SHA-256): \(grant.definitionHash)

            """)
        }
        return .success
    }
}
