import Foundation

/// The PostgreSQL server the server tests run on: `GRANTLEDGER_TEST_POSTGRES` names its socket
/// folder (or host), where a login `liga` may create databases and roles (`.ci/run` starts such
/// a throwaway cluster). Without it the server tests are skipped, saying so; with
/// `GRANTLEDGER_REQUIRE_POSTGRES=1` (as in CI) a missing server fails them instead.
public enum TestServer {
    public static let host = ProcessInfo.processInfo.environment["GRANTLEDGER_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    public static let required = ProcessInfo.processInfo.environment["GRANTLEDGER_REQUIRE_POSTGRES"] == "1"

    /// Whether every ledger session of the tests is on the server (`GRANTLEDGER_TEST_BACKEND=postgresql`):
    /// the same tests run on the second backend.
    public static let ledgersOnServer = ProcessInfo.processInfo.environment["GRANTLEDGER_TEST_BACKEND"] == "postgresql"

    /// Whether the server tests run: a server is named, or one is required (and its absence fails them).
    public static let enabled = host != nil || required

    /// Why they are skipped, for the test list.
    public static let needsServer = "needs a PostgreSQL server: set GRANTLEDGER_TEST_POSTGRES to its socket folder (.ci/run does)"

    /// The URI of database `name` as `login`.
    public static func uri(_ name: String, as login: String = "liga") -> String {
        "postgresql://\(login)@/\(name)?host=\(host ?? "/nonexistent")"
    }

    /// The logins the tests' users connect as (the cluster's, shared by every test database).
    public static let testLogins = ["inga", "ilze", "new", "prog", "lp", "pp", "pp2", "ctl", "lead", "aud", "outsider"]

    /// A new empty database for one test, and its URI as `liga`; the tests' logins exist.
    public static func newLedger() throws -> String {
        try ensureLogins(testLogins)
        let name = "gl_\(UInt64.random(in: 0...UInt64.max))"
        let made = psql(uri("postgres"), "CREATE DATABASE \(name)")
        guard made.status == 0 else { throw ServerError(message: "cannot create a test database: \(made.errors)") }
        return uri(name)
    }

    /// Makes login roles `names` (they are the cluster's, shared by every test database).
    public static func ensureLogins(_ names: [String]) throws {
        let list = names.map { "'\($0)'" }.joined(separator: ", ")
        let made = psql(uri("postgres"), """
            DO $$ DECLARE login text; BEGIN FOREACH login IN ARRAY ARRAY[\(list)] LOOP
                BEGIN EXECUTE format('CREATE ROLE %I LOGIN', login);
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END;
            END LOOP; END $$
            """)
        guard made.status == 0 else { throw ServerError(message: "cannot create the logins \(names): \(made.errors)") }
    }

    /// Runs `sql` through `psql` at `uri` (stopping at the first error), as a user at a terminal would.
    public static func psql(_ uri: String, _ sql: String) -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/psql")
        process.arguments = [uri, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch { return (127, "", "cannot run psql: \(error)") }
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
