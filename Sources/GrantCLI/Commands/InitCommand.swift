import GrantStore

/// `grantledger init`: creates the ledger database.
struct InitCommand {
    static let name = "init"

    static let help = """
    Usage: grantledger init [--db PATH]

    Creates the ledger database: one SQLite file per workspace, in WAL mode, with the current
    schema. Running it again on an existing ledger changes nothing and says so.

    Options:
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 created or already there; 2 bad usage; 4 the file exists but is not a
    ledger, or was written by a newer GrantLedger (it is left untouched).

    Example:
      grantledger init
      Created the ledger grantledger.db (schema version 4, WAL journal).
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: LedgerAccess.options, flagNames: [])
        guard parsed.positionals.isEmpty else { throw .usage("init takes no file names; name the database with --db PATH", command: name) }
        let path = LedgerAccess.databasePath(parsed, session)
        let (store, created) = try LedgerAccess.run { () throws(StoreError) in try LedgerStore.create(at: path, fileExists: FileSystem.exists(path)) }
        let version = try LedgerAccess.run { () throws(StoreError) in try store.schemaVersion() }
        if created {
            let mode = try LedgerAccess.run { () throws(StoreError) in try store.journalMode() }
            session.console.write("Created the ledger \(path) (schema version \(version), \(mode.uppercased()) journal).\n")
        } else {
            let projects = try LedgerAccess.run { () throws(StoreError) in try store.projectCodes() }
            session.console.write("\(path) is already a GrantLedger database (schema version \(version), \(projects.count) project\(projects.count == 1 ? "" : "s")); nothing changed.\n")
        }
        return .success
    }
}
