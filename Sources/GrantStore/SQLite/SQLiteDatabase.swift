import CSQLite
import Glibc

/// One connection to a SQLite database file, with the settings the ledger relies on: foreign
/// keys on, WAL journal, and a busy timeout so a second writer waits for the first instead of
/// failing.
final class SQLiteDatabase: Database {
    let engine = DatabaseEngine.sqlite
    let path: String
    private(set) var handle: OpaquePointer?

    /// Says once, on a terminal, that a writer is waiting for another to finish.
    private let waiting: BusyWait

    /// Opens `path`; `create` allows making a new file.
    init(path: String, create: Bool) throws(StoreError) {
        self.path = path
        waiting = BusyWait(path: path)
        let flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_NOMUTEX
        var connection: OpaquePointer?
        let status = sqlite3_open_v2(path, &connection, flags, nil)
        handle = connection
        guard status == SQLITE_OK else {
            let message = connection.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close(connection)
            handle = nil
            throw .database(context: "open \(path)", message: message)
        }
        // A writer queues behind another for as long as that one takes (no fixed timeout to fail
        // on): first every 5 ms, then every 50 ms, saying so on a terminal after about two seconds.
        sqlite3_busy_handler(connection, { context, attempts in
            guard let context else { return 0 }
            let waiting = Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue()
            if attempts == 60 { waiting.announce() }
            usleep(attempts < 20 ? 5_000 : 50_000)
            return 1
        }, Unmanaged.passUnretained(waiting).toOpaque())
    }

    deinit { sqlite3_close_v2(handle) }

    /// Runs SQL that returns no rows (one or more statements).
    func execute(_ sql: String, context: String) throws(StoreError) {
        var error: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &error) == SQLITE_OK else {
            let message = error.map { String(cString: $0) } ?? lastError
            sqlite3_free(error)
            throw .database(context: context, message: message)
        }
    }

    /// A prepared statement for `sql`.
    func prepare(_ sql: String) throws(StoreError) -> any Statement {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(handle, sql, -1, &statement, nil) == SQLITE_OK, let statement else {
            throw .database(context: "prepare a query", message: lastError)
        }
        return SQLiteStatement(statement, database: self)
    }

    /// The value of a pragma that returns one integer.
    func pragmaInteger(_ name: String) throws(StoreError) -> Int64 {
        let statement = try prepare("PRAGMA \(name)")
        guard try statement.step() else { throw .database(context: "read PRAGMA \(name)", message: "no value") }
        return statement.integer(0)
    }

    var lastError: String { String(cString: sqlite3_errmsg(handle)) }

    /// A writer takes the write lock at once (`BEGIN IMMEDIATE`); a reader reads one WAL snapshot.
    func begin(_ kind: TransactionKind, context: String) throws(StoreError) {
        try execute(kind == .write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED", context: context)
    }

    func schemaVersion() throws(StoreError) -> Int64 { try pragmaInteger("user_version") }

    func table(_ table: String, indexedBy index: String) -> String { "\(table) INDEXED BY \(index)" }

    func recordingTime(requested: String) throws(StoreError) -> String { requested }

    func refusal(ofUserName name: String) throws(StoreError) -> String? { nil }

    func ownerName(requested: String) throws(StoreError) -> String { requested }

    func startCopying() throws(StoreError) {}
}

/// The message a waiting writer gives, once.
final class BusyWait {
    let path: String
    private var announced = false

    init(path: String) { self.path = path }

    func announce() {
        guard !announced, isatty(2) != 0 else { return }
        announced = true
        let message = Array("grantledger: waiting for another process to finish writing \(path)…\n".utf8)
        _ = message.withUnsafeBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}

/// A prepared SQLite statement; parameters are bound by 1-based index, columns read by 0-based
/// index, as SQLite numbers them.
final class SQLiteStatement: Statement {
    private let statement: OpaquePointer
    private unowned let database: SQLiteDatabase

    init(_ statement: OpaquePointer, database: SQLiteDatabase) {
        self.statement = statement
        self.database = database
    }

    deinit { sqlite3_finalize(statement) }

    func bind(_ index: Int32, _ value: SQLValue) throws(StoreError) {
        let status: Int32 = switch value {
        case .null: sqlite3_bind_null(statement, index)
        case .integer(let number): sqlite3_bind_int64(statement, index, number)
        case .text(let text): sqlite3_bind_text(statement, index, text, -1, grantledger_sqlite_transient())
        }
        guard status == SQLITE_OK else { throw .database(context: "bind a value", message: database.lastError) }
    }

    func bind(_ index: Int32, blob bytes: UnsafeBufferPointer<UInt8>) throws(StoreError) {
        // A non-null pointer even for no bytes, so SQLite stores an empty blob rather than NULL.
        let status = sqlite3_bind_blob(statement, index, bytes.baseAddress.map(UnsafeRawPointer.init) ?? UnsafeRawPointer(bitPattern: 1),
                                       Int32(bytes.count), grantledger_sqlite_transient())
        guard status == SQLITE_OK else { throw .database(context: "bind a value", message: database.lastError) }
    }

    /// Binds `values` to parameters 1, 2, … and runs the statement once. The texts are laid out
    /// in one buffer that lives until the step is done, so SQLite reads them in place instead of
    /// copying each one (this is the hot path of a large import).
    func bindAndStep(_ values: [SQLValue]) throws(StoreError) {
        var arena: [UInt8] = []
        arena.reserveCapacity(512)
        var spans: [Range<Int>?] = []
        spans.reserveCapacity(values.count)
        for value in values {
            if case .text(let text) = value {
                let start = arena.count
                arena.append(contentsOf: text.utf8)
                spans.append(start..<arena.count)
            } else {
                spans.append(nil)
            }
        }
        let failed: Bool = arena.withUnsafeBufferPointer { buffer in
            for (offset, value) in values.enumerated() {
                let index = Int32(offset + 1)
                let status: Int32 = switch value {
                case .null: sqlite3_bind_null(statement, index)
                case .integer(let number): sqlite3_bind_int64(statement, index, number)
                case .text:
                    // A non-null pointer even for empty text, so SQLite stores '' rather than NULL.
                    buffer.baseAddress.map { base in
                        let span = spans[offset]!
                        return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                            sqlite3_bind_text(statement, index, $0 + span.lowerBound, Int32(span.count), nil)
                        }
                    } ?? sqlite3_bind_text(statement, index, "", 0, nil)
                }
                if status != SQLITE_OK { return true }
            }
            return sqlite3_step(statement) != SQLITE_DONE
        }
        if failed { throw .database(context: "write an entry", message: database.lastError) }
    }

    @discardableResult
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(statement) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw .database(context: "run a query", message: database.lastError)
        }
    }

    /// Makes the statement ready to run again with new values.
    func reset() {
        sqlite3_reset(statement)
        sqlite3_clear_bindings(statement)
    }

    func integer(_ column: Int32) -> Int64 { sqlite3_column_int64(statement, column) }

    func text(_ column: Int32) -> String? {
        guard let pointer = sqlite3_column_text(statement, column) else { return nil }
        return String(cString: pointer)
    }

    /// A column's bytes (empty when NULL or empty).
    func blob(_ column: Int32) -> [UInt8] {
        // The pointer first, then its size, as SQLite asks.
        let pointer = sqlite3_column_blob(statement, column)
        let count = Int(sqlite3_column_bytes(statement, column))
        guard let pointer, count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: count))
    }

    func value(_ column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_NULL: .null
        case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
        default: text(column).map(SQLValue.text) ?? .null
        }
    }

    var columnCount: Int32 { sqlite3_column_count(statement) }

    func columnName(_ column: Int32) -> String { String(cString: sqlite3_column_name(statement, column)) }
}
