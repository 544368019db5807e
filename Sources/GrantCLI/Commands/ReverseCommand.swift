import GrantKeys
import GrantCore
import GrantReports
import GrantStore

/// `grantledger reverse ENTRY`: cancels an expenditure entry with a reversal entry.
struct ReverseCommand {
    static let name = "reverse"

    static let help = """
    Usage: grantledger reverse ENTRY --reason TEXT [--period N] [--db PATH] [--author NAME]

    Posts a reversal of expenditure entry ENTRY: a new entry of the opposite amount that names
    the original, the reason and the author. Nothing is changed or deleted: the ledger keeps
    both entries, and reports see their net effect. An entry is reversed once.

    The reversal is posted in the original's period if it is open, else in the first open
    period after it; --period N posts it in another open period.

    Options:
      --reason TEXT      why the entry is reversed (required)
      --period N         the open reporting period to post the reversal in
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 posted; 2 bad usage, or a refused reversal (no such entry, already
    reversed, closed period); 4 database failure.

    Example:
      grantledger reverse 7 --reason "Invoice declared twice"
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: LedgerAccess.options.union(["reason", "period"]), flagNames: [])
        guard parsed.positionals.count == 1, let text = parsed.positionals.first else { throw .usage("reverse takes one entry number", command: name) }
        guard let sequence = Int64(text), sequence > 0 else { throw .usage("'\(text)' is not an entry number; entries are numbered 1, 2, 3 …", command: name) }
        guard let reason = parsed.value("reason") else { throw .usage("reverse needs --reason TEXT: the ledger records why", command: name) }
        let period = try LedgerAccess.number(parsed, "period", command: name)
        let store = try LedgerAccess.open(parsed, session)
        let original = try LedgerAccess.run { () throws(StoreError) in try store.entry(sequence) }
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: original.projectCode, command: name)
        let reversal = try LedgerAccess.run { () throws(StoreError) in
            try store.reverse(sequence, reason: reason, period: period, by: authorship)
        }
        if case .reversal(_, _, let posted, let amount) = reversal.body {
            session.console.write("Posted entry \(reversal.sequence): reversal of entry \(sequence), \(AmountFormat.en.format(amount)) EUR in period \(posted), by \(reversal.author).\nReason: \(reason)\n")
        }
        return .success
    }
}
