extension PostgresDatabase {
    /// What no longer holds of the limits the ledger was made with: the version, every check's
    /// function as written (`PostgresRoles.functions`), each table's row-level security, its
    /// policies and triggers (present and enabled), no UPDATE, DELETE or TRUNCATE granted to
    /// anyone but the tables' owner, and the unique indexes the ledger's rules rest on.
    func schemaProblems() throws(StoreError) -> [String] {
        var problems: [String] = []
        let version = try schemaVersion()
        if version != Int64(Schema.currentVersion) {
            problems.append("the schema version (ledger_meta) is \(version), not \(Schema.currentVersion)")
        }
        problems += try functionProblems() + tableProblems() + grantProblems() + indexProblems()
        return problems
    }

    private func functionProblems() throws(StoreError) -> [String] {
        var found: [String: String] = [:]
        let statement = try prepare("SELECT proname, prosrc FROM pg_proc WHERE proname LIKE 'grantledger\\_%' "
                                    + "AND pronamespace = current_schema()::regnamespace")
        while try statement.step() { found[statement.text(0) ?? ""] = statement.text(1) ?? "" }
        var problems: [String] = []
        for (name, definition) in PostgresRoles.functions {
            guard let source = found[name] else {
                problems.append("the server's check \(name) is missing: it was dropped behind the engine's back")
                continue
            }
            if source != Self.body(of: definition) { problems.append("the server's check \(name) is not as this version made it") }
        }
        for name in found.keys.sorted() where !PostgresRoles.functions.contains(where: { $0.name == name }) {
            problems.append("the schema holds the function \(name), which this version does not make")
        }
        return problems
    }

    /// What lies between a definition's `$$` marks, as PostgreSQL keeps it.
    private static func body(of definition: String) -> String {
        let parts = definition.split(separator: "$$", omittingEmptySubsequences: false)
        return parts.count == 3 ? String(parts[1]) : definition
    }

    private func tableProblems() throws(StoreError) -> [String] {
        var problems: [String] = []
        let security = try prepare("SELECT relrowsecurity FROM pg_class WHERE oid = to_regclass(?)")
        let triggers = try prepare("""
            SELECT t.tgname, t.tgenabled, p.proname FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid
            WHERE t.tgrelid = to_regclass(?) AND NOT t.tgisinternal
            """)
        let policies = try prepare("SELECT policyname, cmd, coalesce(qual, '') || coalesce(with_check, '') FROM pg_policies "
                                   + "WHERE schemaname = current_schema() AND tablename = ?")
        for table in PostgresRoles.ledgerTables {
            security.reset()
            try security.bind(1, .text(table))
            guard try security.step() else {
                problems.append("the schema lacks the table \(table): it was dropped behind the engine's back")
                continue
            }
            if security.text(0) != "t" { problems.append("row-level security is off for \(table)") }
            problems += try triggerProblems(table, triggers) + policyProblems(table, policies)
        }
        return problems
    }

    private func triggerProblems(_ table: String, _ statement: any Statement) throws(StoreError) -> [String] {
        statement.reset()
        try statement.bind(1, .text(table))
        var found: [String: (enabled: String, function: String)] = [:]
        while try statement.step() { found[statement.text(0) ?? ""] = (statement.text(1) ?? "", statement.text(2) ?? "") }
        let expected = ["\(table)_checked": PostgresRoles.insertChecks[table]!, "\(table)_never_changed": "grantledger_append_only",
                        "\(table)_never_truncated": "grantledger_append_only"]
        var problems: [String] = []
        for (name, function) in expected.sorted(by: { $0.key < $1.key }) {
            guard let trigger = found[name] else {
                problems.append("the trigger \(name) is missing: it was dropped behind the engine's back")
                continue
            }
            if trigger.enabled != "O" || trigger.function != function { problems.append("the trigger \(name) is disabled or changed") }
        }
        for name in found.keys.sorted() where expected[name] == nil {
            problems.append("the table \(table) has the trigger \(name), which this version does not make")
        }
        return problems
    }

    private func policyProblems(_ table: String, _ statement: any Statement) throws(StoreError) -> [String] {
        statement.reset()
        try statement.bind(1, .text(table))
        var found: [String: String] = [:]
        while try statement.step() {
            found[statement.text(0) ?? ""] = (statement.text(1) ?? "") + " " + (statement.text(2) ?? "")
        }
        var problems: [String] = []
        for (name, command) in [("\(table)_read", "SELECT"), ("\(table)_insert", "INSERT")] {
            let policy = found.removeValue(forKey: name)
            if !(policy?.hasPrefix(command + " ") ?? false) || !(policy?.contains("grantledger_is_member()") ?? false) {
                problems.append("the policy \(name) on \(table) is missing or changed")
            }
        }
        for name in found.keys.sorted() { problems.append("the table \(table) has the policy \(name), which this version does not make") }
        return problems
    }

    private func grantProblems() throws(StoreError) -> [String] {
        let statement = try prepare("""
            SELECT c.relname, a.privilege_type, coalesce((SELECT rolname FROM pg_roles WHERE oid = a.grantee), 'PUBLIC')
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.relnamespace = current_schema()::regnamespace AND a.grantee <> c.relowner
              AND a.privilege_type NOT IN ('SELECT', 'INSERT') ORDER BY 1, 2, 3
            """)
        var problems: [String] = []
        while try statement.step() {
            problems.append("\(statement.text(2) ?? "") may \(statement.text(1) ?? "") \(statement.text(0) ?? ""): "
                + "the ledger grants nobody more than reading and inserting")
        }
        return problems
    }

    private func indexProblems() throws(StoreError) -> [String] {
        let statement = try prepare("""
            SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE c.relname = ? AND c.relnamespace = current_schema()::regnamespace AND i.indisunique AND i.indisvalid
            """)
        var problems: [String] = []
        for name in ["entries_import_file", "entries_one_reversal", "entries_one_closure"] {
            statement.reset()
            try statement.bind(1, .text(name))
            if try !statement.step() || statement.integer(0) != 1 {
                problems.append("the unique index \(name) is missing or no longer unique")
            }
        }
        return problems
    }
}
