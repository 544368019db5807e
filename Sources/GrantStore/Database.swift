/// One connection to the database that holds a ledger: a SQLite file (`SQLiteDatabase`) or a
/// PostgreSQL server (`PostgresDatabase`). The ledger's SQL is written once, in the subset both
/// engines read alike (`?` parameters, 64-bit integers, text in byte order, blobs); what differs
/// between them (creating and upgrading the schema, how a writer waits its turn, what `verify`
/// asks of the engine) is behind this interface, so no dialect reaches past `GrantStore`.
protocol Database: AnyObject {
    /// Which engine this is, for what only one of them has (a file's journal mode, the server's roles).
    var engine: DatabaseEngine { get }

    /// Runs SQL that returns no rows (one or more statements).
    func execute(_ sql: String, context: String) throws(StoreError)

    /// A prepared statement for `sql`, its parameters written `?`.
    func prepare(_ sql: String) throws(StoreError) -> any Statement

    /// `table` read through `index` (SQLite is told which index to use; PostgreSQL's planner finds it).
    func table(_ table: String, indexedBy index: String) -> String

    /// Starts a transaction of `kind`; `context` names what it is for, in errors.
    func begin(_ kind: TransactionKind, context: String) throws(StoreError)

    /// The time this write transaction's entries are recorded at: `requested` (the command's
    /// clock) in a file; on a server, the server's clock (see `PostgresRoles`).
    func recordingTime(requested: String) throws(StoreError) -> String

    /// The name the ledger's owner goes by: `requested` (the key's) in a file; on a server the
    /// login that makes the ledger, as entries and roles are checked against logins there.
    func ownerName(requested: String) throws(StoreError) -> String

    /// Marks the write transaction as a copy of a whole ledger (`LedgerStore.copy`): on a server
    /// its entries keep the authors and times they were recorded with (for its administrator only).
    func startCopying() throws(StoreError)

    /// Why `name` cannot be a user's name here, or nil (a file takes any; a server, its logins).
    func refusal(ofUserName name: String) throws(StoreError) -> String?

    /// The schema version the database records (0 for one that holds no ledger yet).
    func schemaVersion() throws(StoreError) -> Int64

    /// What the engine finds wrong with the schema and the storage underneath the rows: the
    /// append-only triggers, unique indexes and (on a server) the roles' limits, as this version
    /// made them. Empty when all hold.
    func schemaProblems() throws(StoreError) -> [String]
}

/// The two engines a ledger can live in.
public enum DatabaseEngine: Sendable {
    case sqlite
    case postgresql

    /// Whether each block lists its lines' partners beside it, in a column the server reads: on a
    /// server, which lets a login write its own partner's lines only (`PostgresRoles`).
    var blocksListPartners: Bool { self == .postgresql }
}

/// A transaction's kind: a writer takes the ledger's write lock at its start, so two writers
/// queue instead of interleaving; a reader sees one state of the ledger throughout.
enum TransactionKind {
    case write
    case read
}

extension Database {
    /// Runs `body` in one write transaction; anything thrown rolls everything back.
    func writeTransaction<T>(_ context: String, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try storeTransaction(.write, context, body)
    }

    /// Runs `body` in one read transaction: every read in it sees the same state of the ledger,
    /// however many writers commit meanwhile.
    func readTransaction<T>(_ context: String, _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        try storeTransaction(.read, context, body)
    }

    /// The same, for a body that may throw the caller's own errors (a reader's input errors),
    /// which pass through the rollback unchanged.
    func writeTransactionCarrying<T>(_ context: String, _ body: () throws -> T) throws -> T {
        try transaction(.write, context, body)
    }

    private func storeTransaction<T>(_ kind: TransactionKind, _ context: String,
                                     _ body: () throws(StoreError) -> T) throws(StoreError) -> T {
        do {
            return try transaction(kind, context, body)
        } catch let error as StoreError {
            throw error
        } catch {
            preconditionFailure("Only store errors reach here: \(error)")
        }
    }

    /// `body` between a begin and a commit; anything thrown rolls it back and passes on unchanged.
    private func transaction<T>(_ kind: TransactionKind, _ context: String, _ body: () throws -> T) throws -> T {
        try begin(kind, context: "start to \(context)")
        do {
            let result = try body()
            try execute("COMMIT", context: "commit (\(context))")
            return result
        } catch {
            try? execute("ROLLBACK", context: "roll back")
            throw error
        }
    }
}

/// A prepared statement; parameters are bound by 1-based index, columns read by 0-based index.
protocol Statement: AnyObject {
    func bind(_ index: Int32, _ value: SQLValue) throws(StoreError)
    /// Binds bytes as a blob; they are copied before the call returns.
    func bind(_ index: Int32, blob bytes: UnsafeBufferPointer<UInt8>) throws(StoreError)
    /// Binds `values` to parameters 1, 2, … and runs the statement once (the hot path of an import).
    func bindAndStep(_ values: [SQLValue]) throws(StoreError)
    /// Advances to the next row; false when there are no more.
    @discardableResult func step() throws(StoreError) -> Bool
    /// Makes the statement ready to run again with new values.
    func reset()
    func integer(_ column: Int32) -> Int64
    func text(_ column: Int32) -> String?
    /// A column's bytes (empty when NULL or empty).
    func blob(_ column: Int32) -> [UInt8]
    func value(_ column: Int32) -> SQLValue
    var columnCount: Int32 { get }
    func columnName(_ column: Int32) -> String
}

extension Statement {
    func bind(_ index: Int32, blob bytes: [UInt8]) throws(StoreError) {
        try bytes.withUnsafeBufferPointer { (buffer) throws(StoreError) in try bind(index, blob: buffer) }
    }

    func bind(_ values: [SQLValue]) throws(StoreError) {
        for (offset, value) in values.enumerated() { try bind(Int32(offset + 1), value) }
    }
}

/// A value as the ledger's columns hold it.
enum SQLValue: Equatable, Sendable {
    case null
    case integer(Int64)
    case text(String)
}
