@testable import GrantStore
import Testing

@Suite("SQL for PostgreSQL")
struct SQLTextTests {
    @Test("parameters are numbered in order, never inside a quoted string or name")
    func numbered() {
        #expect(SQLText.numberedParameters("SELECT a FROM t WHERE b = ? AND c = '?' AND \"d?\" = ? OR e IN (?, ?)")
            == "SELECT a FROM t WHERE b = $1 AND c = '?' AND \"d?\" = $2 OR e IN ($3, $4)")
        #expect(SQLText.numberedParameters("INSERT INTO t VALUES (?,?)") == "INSERT INTO t VALUES ($1,$2)")
    }

    @Test("a type is replaced as a whole word only, outside quotes")
    func words() {
        #expect(SQLText.replacingWord("TEXT", with: "TEXT COLLATE \"C\"", in: "code TEXT NOT NULL, TEXTS INTEGER, k 'TEXT'")
            == "code TEXT COLLATE \"C\" NOT NULL, TEXTS INTEGER, k 'TEXT'")
        #expect(SQLText.replacingWord("only", with: "\"only\"", in: "only INTEGER CHECK (only = 1)")
            == "\"only\" INTEGER CHECK (\"only\" = 1)")
    }

    @Test("a URI's password is not shown in messages")
    func password() {
        #expect(PostgresDatabase.withoutPassword("postgresql://inga:s3cret@db.example.org/lli59?sslmode=verify-full")
            == "postgresql://inga:***@db.example.org/lli59?sslmode=verify-full")
        #expect(PostgresDatabase.withoutPassword("postgresql://inga@/lli59?host=/run") == "postgresql://inga@/lli59?host=/run")
    }
}
