extension SQLiteDatabase {
    /// SQLite's own check of the file's pages and indexes, then the schema against the one this
    /// version makes: every table, index and trigger (the append-only triggers and unique indexes
    /// above all) as created, and the version.
    func schemaProblems() throws(StoreError) -> [String] {
        var problems = try integrityProblems()
        let version = try schemaVersion()
        if version != Int64(Schema.currentVersion) {
            problems.append("the schema version (PRAGMA user_version) is \(version), not \(Schema.currentVersion)")
        }
        let expected = try Schema.objects()
        let found = try schemaObjects()
        for (name, sql) in expected.sorted(by: { $0.key < $1.key }) {
            guard let actual = found[name] else {
                problems.append("the schema lacks \(name): it was dropped behind the engine's back")
                continue
            }
            if actual != sql { problems.append("the schema's \(name) is not as this version made it") }
        }
        for name in found.keys.sorted() where expected[name] == nil {
            problems.append("the schema holds \(name), which this version does not make")
        }
        return problems
    }

    /// Every table, index and trigger by `type name`, with its SQL.
    func schemaObjects() throws(StoreError) -> [String: String] {
        Dictionary(uniqueKeysWithValues: try orderedSchemaObjects().map { ("\($0.type) \($0.name)", $0.sql) })
    }

    /// Every table, index and trigger with its type and SQL, in the order they were made.
    func orderedSchemaObjects() throws(StoreError) -> [(type: String, name: String, sql: String)] {
        let statement = try prepare(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY rowid")
        var objects: [(type: String, name: String, sql: String)] = []
        while try statement.step() { objects.append((statement.text(0) ?? "", statement.text(1) ?? "", statement.text(2) ?? "")) }
        return objects
    }

    /// What `PRAGMA integrity_check` finds ("ok" when nothing).
    private func integrityProblems() throws(StoreError) -> [String] {
        let statement = try prepare("PRAGMA integrity_check")
        var problems: [String] = []
        while try statement.step() {
            let line = statement.text(0) ?? ""
            if line != "ok" { problems.append("SQLite's integrity check: \(line)") }
        }
        return problems
    }
}
