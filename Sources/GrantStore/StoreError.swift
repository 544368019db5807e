/// Why the store could not do what was asked, with what a person needs to put it right.
public enum StoreError: Error, Equatable, Sendable {
    /// SQLite refused an operation; `context` says which, `message` is SQLite's own.
    case database(context: String, message: String)
    /// The file was written by a newer GrantLedger; it is left untouched.
    case newerSchema(path: String, found: Int32, supported: Int32)
    /// The file is not a GrantLedger database (another SQLite file or not SQLite at all).
    case notALedger(path: String, reason: String)
    /// No database where one was expected.
    case noDatabase(path: String)
    /// The request contradicts what the ledger holds (unknown project, closed period, …).
    case refused(String)
}

extension StoreError {
    /// The sentence a person reads.
    public var message: String {
        switch self {
        case .database(let context, let message):
            "the database could not \(context): \(message)"
        case .newerSchema(let path, let found, let supported):
            "\(path) was written by a newer GrantLedger (schema version \(found); this version reads up to \(supported)); it was not changed. Use the newer GrantLedger."
        case .notALedger(let path, let reason):
            "\(path) is not a GrantLedger database (\(reason)); it was not changed"
        case .noDatabase(let path):
            "there is no database at \(path); create one with 'grantledger init' (or name another with --db PATH or GRANTLEDGER_DB)"
        case .refused(let reason):
            reason
        }
    }
}
