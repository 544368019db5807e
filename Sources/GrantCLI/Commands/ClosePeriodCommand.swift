import GrantKeys
import GrantCore
import GrantStore

/// `grantledger close-period N`: closes a reporting period to new entries.
struct ClosePeriodCommand {
    static let name = "close-period"

    static let help = """
    Usage: grantledger close-period PERIOD [--project CODE] [--db PATH] [--author NAME]

    Closes reporting period PERIOD: from then on no entry is posted in it. Corrections to its
    entries are posted as reversals in an open period. Closing is itself a ledger entry.

    Options:
      --project CODE     the project (default: the ledger's only project)
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 closed; 2 bad usage, no such period, or already closed; 4 database failure.

    Example:
      grantledger close-period 1
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: LedgerAccess.options.union(["project"]), flagNames: [])
        guard parsed.positionals.count == 1, let text = parsed.positionals.first else { throw .usage("close-period takes one period number", command: name) }
        guard let number = Int(text), number > 0 else { throw .usage("'\(text)' is not a period number; periods are numbered 1, 2, 3 …", command: name) }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let entry = try LedgerAccess.run { () throws(StoreError) in
            try store.closePeriod(number, projectCode: code, by: authorship)
        }
        let grant = try LedgerAccess.run { () throws(StoreError) in try store.grant(code) }
        let dates = grant.reportingPeriods.first { $0.number == number }.map { " (\($0.start) to \($0.end))" } ?? ""
        session.console.write("Closed period \(number)\(dates) of \(code) as entry \(entry.sequence), by \(entry.author). It takes no new entries; correct its entries with reversals in an open period.\n")
        return .success
    }
}
