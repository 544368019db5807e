/// The ledger's schema on PostgreSQL: SQLite's current tables and indexes (`Schema`), made in
/// PostgreSQL's types: 64-bit integers, text compared byte by byte (`COLLATE "C"`, as SQLite
/// compares, so lists come out in the same order), `bytea` for blobs; so one SQL serves both.
/// On top: the schema version (`ledger_meta`), each block's list of its lines' partners (the
/// server lets a login write its own partner's lines only), and the roles' limits (`PostgresRoles`), all made in
/// the one transaction that creates the ledger.
enum PostgresSchema {
    /// The tables of the ledger.
    static let tables: [String] = ["ledger_meta", "projects", "funding_sources", "cost_categories", "reporting_periods",
                                   "partners", "partner_approvals", "budget_lines", "entries", "batch_spend",
                                   "entry_blocks", "ledger_owner", "signatures", "project_flat_rates"]

    /// Every statement that makes an empty ledger of `Schema.currentVersion`.
    static func creation() throws(StoreError) -> String {
        let sqlite = try Schema.orderedObjects().filter { $0.type == "table" || $0.type == "index" }
        let tables = sqlite.filter { $0.type == "table" }.map(\.name)
        precondition(Set(tables + ["ledger_meta"]) == Set(Self.tables), "PostgresSchema.tables names SQLite's tables")
        var statements = [#"CREATE TABLE ledger_meta ("only" BIGINT PRIMARY KEY CHECK ("only" = 1), "#
                          + #"application TEXT COLLATE "C" NOT NULL, version BIGINT NOT NULL)"#]
        statements += sqlite.map { translated($0.sql, table: $0.name) }
        statements += ["CREATE INDEX entry_blocks_last ON entry_blocks(last_sequence)", PostgresRoles.creation,
                       "INSERT INTO ledger_meta VALUES (1, 'grantledger', \(Schema.currentVersion))"]
        return statements.joined(separator: ";\n")
    }

    /// The statements that bring a ledger of schema `version` to `Schema.currentVersion`; nil for
    /// a version no server's ledger has had (servers' ledgers began at version 5).
    static func upgrade(from version: Int64) -> String? {
        guard version == 5 || version == 6, Schema.currentVersion == 7 else { return nil }
        var statements: [String] = []
        if version == 5 {
            let kinds = Schema.entryKinds.map { "'\($0)'" }.joined(separator: ", ")
            statements += ["ALTER TABLE entries DROP CONSTRAINT entries_kind_check",
                           "ALTER TABLE entries ADD CONSTRAINT entries_kind_check CHECK (kind IN (\(kinds)))",
                           "CREATE INDEX entries_partner_reports ON entries(project, partner) WHERE kind = 'partner-report'"]
        }
        // Version 7: the projects' flat-rate choices, a table like every other.
        statements += [translated(Schema.projectFlatRates, table: "project_flat_rates"), PostgresRoles.security("project_flat_rates")]
        statements += PostgresRoles.functions.map { "CREATE OR REPLACE FUNCTION \($0.name)\($0.definition)" }
        statements += ["ALTER TABLE ledger_meta DISABLE TRIGGER ledger_meta_never_changed",
                       "UPDATE ledger_meta SET version = \(Schema.currentVersion)",
                       "ALTER TABLE ledger_meta ENABLE TRIGGER ledger_meta_never_changed"]
        return statements.joined(separator: ";\n")
    }

    /// SQLite's `sql` for a table or index in PostgreSQL's words.
    private static func translated(_ sql: String, table: String) -> String {
        var words = sql
        for (word, replacement) in [("INTEGER", "BIGINT"), ("TEXT", #"TEXT COLLATE "C""#), ("BLOB", "BYTEA"), ("only", #""only""#)] {
            words = SQLText.replacingWord(word, with: replacement, in: words)
        }
        if table == "entry_blocks", let close = words.lastIndex(of: ")") {
            words.replaceSubrange(close...close, with: #", partners TEXT[] COLLATE "C" NOT NULL)"#)
        }
        return words
    }
}
