/// The exit statuses of every command, as README and `--help` document them.
public enum ExitStatus: Int32, Sendable {
    /// The command did what was asked and found no error.
    case success = 0
    /// The command ran, and what it checked has errors (a table that does not reconcile, stale reports).
    case findings = 1
    /// The command could not run: bad usage, input it cannot read (the message says where), or a
    /// request the ledger refuses (a closed period, a file imported before).
    case badInput = 2
    /// An output file could not be written.
    case cannotWrite = 3
    /// The database cannot be used: SQLite failed, the file is not a ledger, or a newer
    /// GrantLedger wrote it.
    case databaseFailure = 4
}
