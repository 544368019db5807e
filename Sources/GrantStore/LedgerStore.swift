import GrantCore
import GrantKeys

/// The ledger database: projects, their approved budgets and every ledger entry, chained by
/// SHA-256, in a SQLite file (one person's workspace) or a PostgreSQL database (a partnership's).
///
/// The store only ever inserts ledger entries; the database refuses updates and deletes, and
/// `verify` detects any change made behind its back.
public final class LedgerStore {
    /// Where the ledger is, as messages name it: the file's path as the user gave it, or the
    /// server's connection URI without its password.
    public let path: String
    let database: any Database

    init(path: String, database: any Database) {
        self.path = path
        self.database = database
    }

    /// Whether `location` names a PostgreSQL database (a `postgresql://` or `postgres://` URI)
    /// rather than a SQLite file.
    public static func isServer(_ location: String) -> Bool {
        location.hasPrefix("postgresql://") || location.hasPrefix("postgres://")
    }

    /// The engine that holds this ledger.
    public var engine: DatabaseEngine { database.engine }

    /// Creates a new ledger at `location` (a file path, or a PostgreSQL URI), owned by `owner`
    /// (the key that registers every other, under `name`); when one is already there, opens it
    /// instead and says so. A killed `init` leaves no half-made ledger.
    public static func create(at location: String, fileExists: Bool, owner: Ed25519.SecretKey,
                              name ownerName: String) throws(StoreError) -> (LedgerStore, created: Bool) {
        try create(at: location, fileExists: fileExists) { (store) throws(StoreError) in
            try store.recordOwner(owner, name: try store.database.ownerName(requested: ownerName))
        }
    }

    /// A new ledger at `location` with the current schema, filled by `fill` within the
    /// transaction that makes it (so a killed command leaves none); an existing one is opened
    /// and left as it was (`created` false).
    static func create(at location: String, fileExists: Bool,
                       fill: (LedgerStore) throws(StoreError) -> Void) throws(StoreError) -> (LedgerStore, created: Bool) {
        isServer(location) ? try createOnServer(location, fill: fill) : try createFile(at: location, fileExists: fileExists, fill: fill)
    }

    /// Opens the ledger at `location` (a file path, or a PostgreSQL URI), bringing an older
    /// schema up to date; a ledger written by a newer version, or one that is not a ledger, is
    /// refused and left as it was.
    public static func open(at location: String, fileExists: Bool) throws(StoreError) -> LedgerStore {
        isServer(location) ? try openOnServer(location) : try openFile(at: location, fileExists: fileExists)
    }

    /// The schema version of the open ledger.
    public func schemaVersion() throws(StoreError) -> Int64 { try database.schemaVersion() }
}
