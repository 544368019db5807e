import GrantCore
import GrantReports

/// `grantledger export --format ledger`: the ledger as a plain-text accounting journal.
struct ExportCommand {
    static let name = "export"

    static let help = """
    Usage: grantledger export [FOLDER] --format ledger [--output FILE] [--project CODE] [--db PATH]

    Writes the ledger's expenditure (or a project folder's, read as the ledger would record
    it) as a journal that ledger-cli and hledger read: one transaction per expenditure or
    reversal entry, from funding:PARTNER to expenses:PARTNER:CATEGORY, in EUR. Its balance
    equals the net declared spend to the cent. The approved budget comes first, as one
    periodic transaction per reporting period, for ledger-cli's budget report and hledger's
    balance --budget (give hledger the project's dates with -b and -e).

    Options:
      --format ledger    the journal format (the only one so far)
      --output FILE      write to FILE instead of standard output
      --project CODE     without FOLDER: the ledger project (default: the only one)
      --db PATH          without FOLDER: the ledger (default: $GRANTLEDGER_DB, else ./grantledger.db)
      --help             show this help

    Exit status: 0 written; 2 bad usage or unreadable input; 3 the output cannot be written;
    4 database failure.

    Example:
      grantledger export Fixtures/lli-59-open-leadership --format ledger --output lli-59.journal
      ledger -f lli-59.journal balance
      ledger -f lli-59.journal budget funding
      hledger -f lli-59.journal balance --budget -b 2017-05-01 -e 2019-05-01 funding
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: ["format", "output", "project", "db"], flagNames: [])
        guard try parsed.choice("format", allowed: ["ledger"], command: name) != nil else {
            throw .usage("export needs --format ledger", command: name)
        }
        guard parsed.positionals.count <= 1 else { throw .usage("export takes at most one project folder", command: name) }
        let source: ReportSource
        if let folder = parsed.positionals.first {
            source = try ReportSource.folder(folder, rulePack: nil)
        } else {
            source = try ReportSource.ledger(parsed, session: session, command: name)
        }
        let journal = try CLIError.withMoney(name) { () throws(MoneyError) in
            try LedgerJournal(grant: source.grant, lines: source.lines, fingerprint: source.fingerprint).text()
        }
        if let output = parsed.value("output") {
            try FileSystem.write(journal, to: output, protecting: LedgerAccess.protectedPaths(parsed, session))
            session.console.writeError("Wrote \(output): \(source.lines.count) transactions.\n")
        } else {
            session.console.write(journal)
        }
        return .success
    }
}
