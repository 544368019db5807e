import CLibPQ
import Glibc

/// libpq's functions, loaded at the first connection (see the shim).
private let libPQ: Result<grantledger_libpq, StoreError> = {
    var functions = grantledger_libpq()
    if let failure = grantledger_libpq_load(&functions) {
        return .failure(.database(context: "load PostgreSQL's client library (libpq.so.5)", message: String(cString: failure)
            + "; install it with 'apt-get install libpq5' to use a ledger on a PostgreSQL server"))
    }
    return .success(functions)
}()

/// libpq's functions, once loaded (only a connected `PostgresDatabase` reads them).
private var pq: grantledger_libpq {
    guard case .success(let functions) = libPQ else { preconditionFailure("libpq is loaded before the first connection") }
    return functions
}

/// One connection to a PostgreSQL server through libpq, the ledger in the database the
/// connection URI names. Text is exchanged as UTF-8, rows arrive one at a time (a million-line
/// ledger is never held in memory as one result), and a writer takes the ledger's advisory lock
/// at the start of its transaction, so writers from several machines queue in order.
final class PostgresDatabase: Database {
    let engine = DatabaseEngine.postgresql
    /// The URI as given, for messages, without its password.
    let displayName: String
    private let connection: OpaquePointer
    /// The statement whose rows are still arriving, if any: libpq runs one query at a time, so
    /// it reads the rest of them into memory before another query is sent.
    fileprivate weak var streaming: PostgresStatement?

    /// The advisory lock every writer of a ledger takes ("GLDR").
    static let writeLock: Int64 = 0x474C_4452

    /// Connects to `uri` (`postgresql://…`; what it leaves out comes from the `PG*` variables).
    init(uri: String) throws(StoreError) {
        displayName = Self.withoutPassword(uri)
        guard case .success(let pq) = libPQ else {
            if case .failure(let error) = libPQ { throw error }
            preconditionFailure("libpq is loaded or not")
        }
        guard let connection = pq.connectdb(uri) else {
            throw .database(context: "connect to \(displayName)", message: "libpq could not allocate a connection")
        }
        guard pq.status(connection) == CONNECTION_OK else {
            let message = Self.trimmed(String(cString: pq.errorMessage(connection)!))
            pq.finish(connection)
            throw .database(context: "connect to \(displayName)", message: message)
        }
        self.connection = connection
        // Notices (an index that already exists, …) are not the user's business.
        _ = pq.setNoticeProcessor(connection, { _, _ in }, nil)
        _ = pq.setClientEncoding(connection, "UTF8")
        try execute("SET client_min_messages = warning; SET TIME ZONE 'UTC'", context: "set up the session")
    }

    deinit { pq.finish(connection) }

    func execute(_ sql: String, context: String) throws(StoreError) {
        try finishStreaming()
        guard let result = pq.exec(connection, sql) else { throw .database(context: context, message: lastError) }
        defer { pq.clear(result) }
        let status = pq.resultStatus(result)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            throw .database(context: context, message: Self.message(of: result, connection: connection))
        }
    }

    func prepare(_ sql: String) throws(StoreError) -> any Statement {
        PostgresStatement(sql: SQLText.numberedParameters(sql), database: self)
    }

    /// A writer waits for the ledger's advisory lock (released at commit or rollback) for as
    /// long as the writer before it takes: no fixed timeout to fail on. A reader sees one snapshot.
    func begin(_ kind: TransactionKind, context: String) throws(StoreError) {
        switch kind {
        case .write: try execute("BEGIN; SELECT pg_advisory_xact_lock(\(Self.writeLock))", context: context)
        case .read: try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", context: context)
        }
    }

    func table(_ table: String, indexedBy index: String) -> String { table }

    func schemaVersion() throws(StoreError) -> Int64 {
        let statement = try prepare("SELECT version FROM ledger_meta")
        return try statement.step() ? statement.integer(0) : 0
    }

    /// Whether the database holds a ledger at all (its `ledger_meta` table).
    func holdsLedger() throws(StoreError) -> Bool {
        let statement = try prepare("SELECT to_regclass('ledger_meta') IS NOT NULL")
        return try statement.step() && statement.text(0) == "t"
    }

    var lastError: String { Self.trimmed(String(cString: pq.errorMessage(connection)!)) }

    // MARK: - Running one statement

    /// Sends `sql` with `parameters` (nil for NULL; text, or bytes sent as binary) and asks for
    /// its rows one at a time.
    fileprivate func send(_ sql: String, _ parameters: [PostgresStatement.Parameter?],
                          for statement: PostgresStatement) throws(StoreError) {
        try finishStreaming()
        let formats = parameters.map { parameter -> Int32 in if case .binary = parameter { 1 } else { 0 } }
        let lengths = parameters.map { parameter -> Int32 in
            switch parameter {
            case .text(let bytes), .binary(let bytes): Int32(bytes.count)
            case nil: 0
            }
        }
        let sent: Int32 = withParameterPointers(parameters) { values in
            pq.sendQueryParams(connection, sql, Int32(parameters.count), nil, values, lengths, formats, 0)
        }
        guard sent == 1 else { throw .database(context: "send a query", message: lastError) }
        _ = pq.setSingleRowMode(connection)
        streaming = statement
    }

    /// The next row of the query in flight, or nil when it is done (its error thrown, if any).
    fileprivate func nextRow(for statement: PostgresStatement) throws(StoreError) -> OpaquePointer? {
        var failure: String?
        while let result = pq.getResult(connection) {
            let status = pq.resultStatus(result)
            if status == PGRES_SINGLE_TUPLE { return result }
            if status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK && failure == nil {
                failure = Self.message(of: result, connection: connection)
            }
            pq.clear(result)
        }
        if streaming === statement { streaming = nil }
        if let failure { throw .database(context: "run a query", message: failure) }
        return nil
    }

    /// Lets the statement still streaming read the rest of its rows, so the connection is free.
    private func finishStreaming() throws(StoreError) {
        guard let statement = streaming else { return }
        streaming = nil
        try statement.readRemainingRows()
    }

    private func withParameterPointers<T>(_ parameters: [PostgresStatement.Parameter?],
                                          _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        // Each text parameter ends in a zero byte, as libpq reads text parameters up to one.
        let owned: [UnsafeMutablePointer<CChar>?] = parameters.map { parameter in
            let bytes: [UInt8]
            switch parameter {
            case nil: return nil
            case .text(let text): bytes = text + [0]
            case .binary(let data): bytes = data.isEmpty ? [0] : data
            }
            let pointer = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            bytes.withUnsafeBufferPointer { source in
                source.withMemoryRebound(to: CChar.self) { pointer.initialize(from: $0.baseAddress!, count: bytes.count) }
            }
            return pointer
        }
        defer { for pointer in owned { pointer?.deallocate() } }
        return body(owned.map { $0.map { UnsafePointer($0) } })
    }

    // MARK: - Texts

    /// The server's own sentence for a failed result (the primary message, without "ERROR:").
    private static func message(of result: OpaquePointer, connection: OpaquePointer) -> String {
        if let primary = pq.resultErrorField(result, Int32(UInt8(ascii: "M"))) { return String(cString: primary) }
        return trimmed(String(cString: pq.errorMessage(connection)!))
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last == "\n" || last == " " { text = text.dropLast() }
        if text.hasPrefix("ERROR:  ") { text = text.dropFirst(8) }
        return String(text)
    }

    /// `uri` with the password in its user part, if any, replaced by `***`.
    static func withoutPassword(_ uri: String) -> String {
        let characters = Array(uri)
        guard let scheme = (0..<max(characters.count - 2, 0)).first(where: { characters[$0..<$0 + 3] == ["\u{3A}", "/", "/"] }),
              let at = characters[(scheme + 3)...].firstIndex(of: "@"),
              let colon = characters[(scheme + 3)..<at].firstIndex(of: ":") else { return uri }
        return String(characters[..<(colon + 1)]) + "***" + String(characters[at...])
    }

}

/// A statement for a `PostgresDatabase`: bound values are kept until it runs at its first step;
/// its rows are then read one at a time (or, when another query needs the connection first,
/// all at once into memory).
final class PostgresStatement: Statement {
    enum Parameter {
        case text([UInt8])
        case binary([UInt8])
    }

    private let sql: String
    private unowned let database: PostgresDatabase
    private var parameters: [Parameter?] = []
    private var started = false
    private var finished = false
    /// Rows read ahead (when another query needed the connection), then the current row.
    private var waiting: [OpaquePointer] = []
    private var row: OpaquePointer?

    init(sql: String, database: PostgresDatabase) {
        self.sql = sql
        self.database = database
    }

    deinit {
        clearRows()
        if started && !finished { try? readRemainingRows(keeping: false) }
    }

    func bind(_ index: Int32, _ value: SQLValue) throws(StoreError) {
        switch value {
        case .null: set(index, nil)
        case .integer(let number): set(index, .text(Array(String(number).utf8)))
        case .text(let text): set(index, .text(Array(text.utf8)))
        }
    }

    func bind(_ index: Int32, blob bytes: UnsafeBufferPointer<UInt8>) throws(StoreError) {
        set(index, .binary(Array(bytes)))
    }

    private func set(_ index: Int32, _ parameter: Parameter?) {
        let position = Int(index) - 1
        while parameters.count <= position { parameters.append(nil) }
        parameters[position] = parameter
    }

    func bindAndStep(_ values: [SQLValue]) throws(StoreError) {
        try bind(values)
        do {
            _ = try step()
        } catch {
            guard case .database(_, let message) = error else { throw error }
            throw .database(context: "write an entry", message: message)
        }
    }

    @discardableResult
    func step() throws(StoreError) -> Bool {
        if let current = row { pq.clear(current); row = nil }
        if !started {
            started = true
            try database.send(sql, parameters, for: self)
        }
        if !waiting.isEmpty { row = waiting.removeFirst(); return true }
        if finished { return false }
        row = try database.nextRow(for: self)
        if row == nil { finished = true }
        return row != nil
    }

    /// Reads the rows still to come into memory (`keeping` them for later steps), freeing the connection.
    fileprivate func readRemainingRows(keeping: Bool = true) throws(StoreError) {
        while !finished {
            guard let next = try database.nextRow(for: self) else { finished = true; break }
            if keeping { waiting.append(next) } else { pq.clear(next) }
        }
    }

    func reset() {
        if started && !finished { try? readRemainingRows(keeping: false) }
        clearRows()
        parameters.removeAll(keepingCapacity: true)
        started = false
        finished = false
    }

    private func clearRows() {
        if let current = row { pq.clear(current) }
        row = nil
        for pending in waiting { pq.clear(pending) }
        waiting.removeAll()
    }

    private func isNull(_ column: Int32) -> Bool {
        guard let row, column < pq.nfields(row) else { return true }
        return pq.getisnull(row, 0, column) == 1
    }

    func integer(_ column: Int32) -> Int64 {
        guard !isNull(column), let row else { return 0 }
        return strtoll(pq.getvalue(row, 0, column)!, nil, 10)
    }

    func text(_ column: Int32) -> String? {
        guard !isNull(column), let row else { return nil }
        let count = Int(pq.getlength(row, 0, column))
        return pq.getvalue(row, 0, column)!.withMemoryRebound(to: UInt8.self, capacity: count) {
            String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self)
        }
    }

    /// A `bytea` column, which arrives as text in PostgreSQL's hex form (`\x` and two digits a byte).
    func blob(_ column: Int32) -> [UInt8] {
        guard !isNull(column), let row else { return [] }
        let count = Int(pq.getlength(row, 0, column))
        return pq.getvalue(row, 0, column)!.withMemoryRebound(to: UInt8.self, capacity: count) { text in
            Self.hexDecoded(UnsafeBufferPointer(start: text, count: count))
        }
    }

    func value(_ column: Int32) -> SQLValue {
        guard !isNull(column), let row else { return .null }
        switch pq.ftype(row, column) {
        case 20, 21, 23, 1700: return .integer(integer(column))  // int8, int2, int4, numeric (a sum)
        default: return text(column).map(SQLValue.text) ?? .null
        }
    }

    var columnCount: Int32 { row.map { pq.nfields($0) } ?? 0 }

    func columnName(_ column: Int32) -> String { row.map { String(cString: pq.fname($0, column)!) } ?? "" }

    /// The bytes a `\x…` hex text spells (nothing for any other text).
    static func hexDecoded(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard text.count >= 2, text[0] == UInt8(ascii: "\\"), text[1] == UInt8(ascii: "x") else { return [] }
        let count = (text.count - 2) / 2
        return [UInt8](unsafeUninitializedCapacity: count) { bytes, initialized in
            for index in 0..<count {
                bytes[index] = nibble(text[2 + 2 * index]) << 4 | nibble(text[3 + 2 * index])
            }
            initialized = count
        }
    }

    private static func nibble(_ digit: UInt8) -> UInt8 {
        digit <= UInt8(ascii: "9") ? digit &- UInt8(ascii: "0") : (digit | 0x20) &- UInt8(ascii: "a") &+ 10
    }
}
