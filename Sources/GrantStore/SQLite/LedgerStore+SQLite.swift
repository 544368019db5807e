import Glibc
import GrantKeys

/// A ledger in a SQLite file: made whole under a temporary name, opened with the settings the
/// ledger relies on, its schema upgraded in place.
extension LedgerStore {
    /// Marks a SQLite file as a GrantLedger database ("GLDR").
    static let applicationID: Int64 = 0x474C_4452

    /// The file is made whole under a temporary name beside it (readable by its owner only,
    /// 0600) and only then linked into place.
    static func createFile(at path: String, fileExists: Bool,
                           fill: (LedgerStore) throws(StoreError) -> Void) throws(StoreError) -> (LedgerStore, created: Bool) {
        if fileExists { return (try openFile(at: path, fileExists: true), false) }
        let slash = path.lastIndex(of: "/")
        let folder = slash.map { String(path[...$0]) } ?? ""
        let name = slash.map { String(path[path.index(after: $0)...]) } ?? path
        let temporary = folder + ".\(name).creating-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .database(context: "create \(path)", message: String(cString: strerror(errno))) }
        close(descriptor)
        defer { for suffix in ["", "-wal", "-shm"] { unlink(temporary + suffix) } }
        do {
            let database = try SQLiteDatabase(path: temporary, create: false)
            try database.execute("PRAGMA journal_mode = WAL", context: "switch to WAL mode")
            try database.execute("PRAGMA application_id = \(applicationID)", context: "mark the file as a GrantLedger database")
            let store = LedgerStore(path: path, database: database)
            try store.migrate(from: 0)
            try database.writeTransaction("fill the new ledger") { () throws(StoreError) in try fill(store) }
        }
        // link(2) refuses an existing name: a ledger another process made meanwhile is kept and opened.
        if link(temporary, path) != 0 {
            guard errno == EEXIST else { throw .database(context: "create \(path)", message: String(cString: strerror(errno))) }
            return (try openFile(at: path, fileExists: true), false)
        }
        return (try openFile(at: path, fileExists: true), true)
    }

    static func openFile(at path: String, fileExists: Bool) throws(StoreError) -> LedgerStore {
        guard fileExists else { throw .noDatabase(path: path) }
        let database = try SQLiteDatabase(path: path, create: false)
        let applicationID: Int64
        let version: Int64
        do {
            applicationID = try database.pragmaInteger("application_id")
            version = try database.pragmaInteger("user_version")
        } catch {
            throw .notALedger(path: path, reason: "SQLite cannot read it")
        }
        guard version <= Int64(Schema.currentVersion) else {
            throw .newerSchema(path: path, found: Int32(clamping: version), supported: Schema.currentVersion)
        }
        guard applicationID == Self.applicationID else {
            throw .notALedger(path: path, reason: "it is a SQLite file of another application")
        }
        let store = LedgerStore(path: path, database: database)
        // A 64 MiB page cache keeps a large import's index pages in memory (SQLite's default is 2 MiB).
        try database.execute("PRAGMA cache_size = -65536", context: "size the page cache")
        // Foreign keys are checked from here on; a migration rebuilding a table runs before that.
        if version < Int64(Schema.currentVersion) { try store.migrate(from: Int32(version)) }
        try database.execute("PRAGMA foreign_keys = ON", context: "turn on foreign keys")
        return store
    }

    /// How the ledger's file keeps its journal (`wal` for every ledger), or nil on a server.
    public func journalMode() throws(StoreError) -> String? {
        guard let file = database as? SQLiteDatabase else { return nil }
        let statement = try file.prepare("PRAGMA journal_mode")
        _ = try statement.step()
        return statement.text(0) ?? ""
    }

    /// Brings the file's schema from `version` to the current one, in one transaction.
    func migrate(from version: Int32) throws(StoreError) {
        try database.writeTransaction("upgrade the schema") { () throws(StoreError) in
            for target in (version + 1)...Schema.currentVersion {
                for step in Schema.migrations[Int(target - 1)] {
                    switch step {
                    case .sql(let sql): try database.execute(sql, context: "upgrade the schema to version \(target)")
                    case .moveExpenditureIntoBlocks: try moveExpenditureIntoBlocks()
                    case .rekeyInvoices: try rekeyInvoices()
                    }
                }
                try database.execute("PRAGMA user_version = \(target)", context: "record schema version \(target)")
            }
        }
        try database.execute("PRAGMA foreign_keys = ON", context: "turn on foreign keys")
    }
}
