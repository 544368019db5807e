/// The database schema, versioned by `PRAGMA user_version`. Each migration takes the schema from
/// its index to the next version; a database newer than the last is refused untouched.
enum Schema {
    /// The schema version this build writes.
    static let currentVersion: Int32 = 7

    /// One step of a migration: SQL, or moving the expenditure entries into blocks (Swift, as it
    /// encodes them).
    enum Step: Sendable {
        case sql(String)
        case moveExpenditureIntoBlocks
        /// Schema version 4: every stored invoice key recomputed as `InvoiceIdentity.key` (the
        /// folded supplier and number, no partner), so repeats are found however they are spelled.
        case rekeyInvoices
    }

    /// Every table, index and trigger a ledger of this version has, with its SQL: an empty
    /// ledger made in memory by the migrations, for `verify` to hold a file's schema against.
    static func objects() throws(StoreError) -> [String: String] { try reference().schemaObjects() }

    /// The same, each with its type, in the order the migrations made them (tables before what refers to them).
    static func orderedObjects() throws(StoreError) -> [(type: String, name: String, sql: String)] {
        try reference().orderedSchemaObjects()
    }

    /// An empty ledger of this version, in memory.
    private static func reference() throws(StoreError) -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: ":memory:", create: true)
        for step in migrations.joined() { if case .sql(let sql) = step { try database.execute(sql, context: "make the reference schema") } }
        return database
    }

    static let migrations: [[Step]] = [versionOne, versionTwo, [.sql(entryBlocks), .moveExpenditureIntoBlocks,
                                                                .sql(entriesWithoutExpenditure)],
                                         [.sql("DROP TRIGGER entry_blocks_never_updated"), .rekeyInvoices, .sql(blocksNeverUpdated),
                                          .sql(entriesWithRates)],
                                         [.sql(entriesWithKeys), .sql(signatures)], [.sql(entriesWithPartnerReports)],
                                         [.sql(projectFlatRates)]]

    /// Schema version 7: the flat rates a project chose from its pack's options, in the order given
    /// (none: the pack's own), the rate in hundred-millionths.
    static let projectFlatRates = """
        CREATE TABLE project_flat_rates (
            project TEXT NOT NULL REFERENCES projects(code),
            position INTEGER NOT NULL,
            option TEXT NOT NULL,
            rate INTEGER NOT NULL CHECK (rate > 0),
            PRIMARY KEY (project, option)
        );
        """

    /// Blocks are never changed: the trigger version 3 made, made again after version 4 rekeys them.
    private static let blocksNeverUpdated = """
        CREATE TRIGGER entry_blocks_never_updated BEFORE UPDATE ON entry_blocks
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal instead'); END;
        """

    private static let versionOne: [Step] = [.sql(
        // Version 0 → 1: projects, their definitions, and the chained ledger.
        """
        CREATE TABLE projects (
            code TEXT PRIMARY KEY,
            acronym TEXT NOT NULL,
            title TEXT NOT NULL,
            programme TEXT NOT NULL,
            rule_pack TEXT NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            currency TEXT NOT NULL,
            approval_date TEXT
        );
        CREATE TABLE funding_sources (
            project TEXT NOT NULL REFERENCES projects(code),
            position INTEGER NOT NULL,
            id TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('programme-funds', 'partner-contribution')),
            detail TEXT NOT NULL,
            PRIMARY KEY (project, id)
        );
        CREATE TABLE cost_categories (
            project TEXT NOT NULL REFERENCES projects(code),
            position INTEGER NOT NULL,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            PRIMARY KEY (project, id)
        );
        CREATE TABLE reporting_periods (
            project TEXT NOT NULL REFERENCES projects(code),
            number INTEGER NOT NULL,
            start_date TEXT NOT NULL,
            end_date TEXT NOT NULL,
            PRIMARY KEY (project, number)
        );
        CREATE TABLE partners (
            project TEXT NOT NULL REFERENCES projects(code),
            position INTEGER NOT NULL,
            id TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
            name TEXT NOT NULL,
            country TEXT NOT NULL,
            region TEXT,
            vat_recoverable INTEGER NOT NULL CHECK (vat_recoverable IN (0, 1)),
            approved_total_minor INTEGER NOT NULL,
            PRIMARY KEY (project, id)
        );
        CREATE TABLE partner_approvals (
            project TEXT NOT NULL,
            partner TEXT NOT NULL,
            position INTEGER NOT NULL,
            source TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            PRIMARY KEY (project, partner, source),
            FOREIGN KEY (project, partner) REFERENCES partners(project, id),
            FOREIGN KEY (project, source) REFERENCES funding_sources(project, id)
        );
        CREATE TABLE budget_lines (
            project TEXT NOT NULL,
            position INTEGER NOT NULL,
            partner TEXT NOT NULL,
            category TEXT NOT NULL,
            period INTEGER NOT NULL,
            source TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            PRIMARY KEY (project, partner, category, period, source),
            FOREIGN KEY (project, partner) REFERENCES partners(project, id),
            FOREIGN KEY (project, category) REFERENCES cost_categories(project, id),
            FOREIGN KEY (project, period) REFERENCES reporting_periods(project, number),
            FOREIGN KEY (project, source) REFERENCES funding_sources(project, id)
        );
        CREATE TABLE entries (
            sequence INTEGER PRIMARY KEY,
            project TEXT NOT NULL REFERENCES projects(code),
            kind TEXT NOT NULL CHECK (kind IN ('project', 'expenditure', 'reversal', 'import', 'close-period', 'control', 'payment')),
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            batch INTEGER,
            source_line INTEGER,
            partner TEXT,
            category TEXT,
            period INTEGER,
            invoice_number TEXT,
            supplier TEXT,
            invoice_date TEXT,
            payment_date TEXT,
            currency TEXT,
            net_minor INTEGER,
            vat_minor INTEGER,
            gross_minor INTEGER,
            exchange_rate TEXT,
            amount_eur_minor INTEGER,
            description TEXT,
            document TEXT,
            reverses INTEGER REFERENCES entries(sequence),
            reason TEXT,
            file_name TEXT,
            content_hash TEXT,
            line_count INTEGER,
            definition_hash TEXT,
            submitted_on TEXT,
            controls INTEGER REFERENCES entries(sequence),
            certified_minor INTEGER,
            deduction_reason TEXT,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX entries_invoice ON entries(project, partner, supplier, invoice_number) WHERE kind = 'expenditure';
        CREATE UNIQUE INDEX entries_import_file ON entries(project, content_hash) WHERE kind = 'import';
        CREATE UNIQUE INDEX entries_one_reversal ON entries(reverses) WHERE kind = 'reversal';
        CREATE UNIQUE INDEX entries_one_closure ON entries(project, period) WHERE kind = 'close-period';
        CREATE TRIGGER entries_never_updated BEFORE UPDATE ON entries
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal instead'); END;
        CREATE TRIGGER entries_never_deleted BEFORE DELETE ON entries
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal instead'); END;
        """)]

    private static let versionTwo: [Step] = [.sql(
        // Version 1 → 2: declared spend summed per import batch × partner × category × period,
        // written with the batch, so a budget report reads a few rows instead of every line
        // (`verify` recomputes them from the chained lines); and indexes that find the few
        // project, control and payment entries without scanning every expenditure entry.
        """
        CREATE TABLE batch_spend (
            batch INTEGER NOT NULL,
            project TEXT NOT NULL REFERENCES projects(code),
            partner TEXT NOT NULL,
            category TEXT NOT NULL,
            period INTEGER NOT NULL,
            declared_minor INTEGER NOT NULL,
            entries INTEGER NOT NULL,
            PRIMARY KEY (batch, partner, category, period)
        );
        INSERT INTO batch_spend
            SELECT batch, project, partner, category, period, sum(amount_eur_minor), count(*)
            FROM entries WHERE kind = 'expenditure' GROUP BY batch, project, partner, category, period;
        CREATE INDEX batch_spend_project ON batch_spend(project);
        CREATE TRIGGER batch_spend_never_updated BEFORE UPDATE ON batch_spend
            BEGIN SELECT RAISE(ABORT, 'batch sums are append-only: post a reversal instead'); END;
        CREATE TRIGGER batch_spend_never_deleted BEFORE DELETE ON batch_spend
            BEGIN SELECT RAISE(ABORT, 'batch sums are append-only: post a reversal instead'); END;
        CREATE INDEX entries_projects ON entries(project) WHERE kind = 'project';
        CREATE INDEX entries_payments ON entries(project) WHERE kind = 'payment';
        CREATE INDEX entries_controls ON entries(controls) WHERE kind = 'control';
        """)]

    // Version 2 → 3: expenditure entries in blocks (see `EntryBlock`); a million lines are a few
    // hundred rows. Every other entry stays one row of `entries`, which from now on holds no
    // expenditure; a reversal or control names its entry by sequence, checked by the store and
    // by `verify` (SQLite's foreign keys cannot point into a block).
    private static let entryBlocks = """
        CREATE TABLE entry_blocks (
            first_sequence INTEGER PRIMARY KEY,
            last_sequence INTEGER NOT NULL,
            project TEXT NOT NULL REFERENCES projects(code),
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            previous_hash BLOB NOT NULL,
            body BLOB NOT NULL,
            hashes BLOB NOT NULL,
            invoice_keys BLOB NOT NULL
        );
        CREATE INDEX entry_blocks_project ON entry_blocks(project);
        CREATE TRIGGER entry_blocks_never_updated BEFORE UPDATE ON entry_blocks
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal instead'); END;
        CREATE TRIGGER entry_blocks_never_deleted BEFORE DELETE ON entry_blocks
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal instead'); END;
        """

    /// Schema version 3: the entries table without its expenditure rows (they are in blocks).
    private static let entriesWithoutExpenditure = entriesTable(
        named: "entries_without_expenditure", kinds: ["project", "reversal", "import", "close-period", "control", "payment"],
        copying: "kind <> 'expenditure'", extraIndexes: "")

    /// Schema version 4: entries may record the exchange rates an import used (kind `rate`).
    private static let entriesWithRates = entriesTable(
        named: "entries_with_rates", kinds: ["project", "reversal", "import", "close-period", "control", "payment", "rate"],
        copying: "1", extraIndexes: "CREATE INDEX entries_rates ON entries(project) WHERE kind = 'rate';")

    /// Schema version 5: entries may register and revoke signing keys.
    private static let entriesWithKeys = entriesTable(
        named: "entries_with_keys",
        kinds: ["project", "reversal", "import", "close-period", "control", "payment", "rate", "key", "key-revoked"],
        copying: "1", extraIndexes: """
            CREATE INDEX entries_rates ON entries(project) WHERE kind = 'rate';
            CREATE INDEX entries_keys ON entries(project) WHERE kind IN ('key', 'key-revoked');
            """)

    /// The kinds of entry a ledger of this version holds.
    static let entryKinds = ["project", "reversal", "import", "close-period", "control", "payment", "rate", "key", "key-revoked",
                             "partner-report"]

    /// Schema version 6: entries may record the steps of partner reports.
    private static let entriesWithPartnerReports = entriesTable(
        named: "entries_with_partner_reports", kinds: entryKinds, copying: "1", extraIndexes: partnerReportIndexes)

    /// The indexes version 6 adds to those of every entries table; a server's ledger made at
    /// version 5 gains them too (`PostgresSchema.upgrade`).
    static let partnerReportIndexes = """
        CREATE INDEX entries_rates ON entries(project) WHERE kind = 'rate';
        CREATE INDEX entries_keys ON entries(project) WHERE kind IN ('key', 'key-revoked');
        CREATE INDEX entries_partner_reports ON entries(project, partner) WHERE kind = 'partner-report';
        """

    /// Schema version 5: who signed what. The owner's statement (one row: the ledger's first key,
    /// made at `init`, or when a ledger of an earlier version is claimed, with how many entries
    /// it held unsigned then), and one signature per command over the chain head it ended at,
    /// covering the entries it appended. Neither is ever changed.
    private static let signatures = """
        CREATE TABLE ledger_owner (
            only INTEGER PRIMARY KEY CHECK (only = 1),
            name TEXT NOT NULL,
            public_key TEXT NOT NULL,
            unsigned_through INTEGER NOT NULL,
            signature TEXT NOT NULL
        );
        CREATE TABLE signatures (
            last_sequence INTEGER PRIMARY KEY,
            first_sequence INTEGER NOT NULL,
            public_key TEXT NOT NULL,
            signature TEXT NOT NULL
        );
        CREATE TRIGGER ledger_owner_never_updated BEFORE UPDATE ON ledger_owner
            BEGIN SELECT RAISE(ABORT, 'the ledger owner is never changed'); END;
        CREATE TRIGGER ledger_owner_never_deleted BEFORE DELETE ON ledger_owner
            BEGIN SELECT RAISE(ABORT, 'the ledger owner is never changed'); END;
        CREATE TRIGGER signatures_never_updated BEFORE UPDATE ON signatures
            BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
        CREATE TRIGGER signatures_never_deleted BEFORE DELETE ON signatures
            BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;
        """

    /// The SQL that rebuilds the entries table as `name` with `kinds` allowed, copies the rows that
    /// match `copying`, and puts it, its indexes and its append-only triggers in the old one's place.
    private static func entriesTable(named name: String, kinds: [String], copying: String, extraIndexes: String) -> String {
        """
        CREATE TABLE \(name) (
            sequence INTEGER PRIMARY KEY,
            project TEXT NOT NULL REFERENCES projects(code),
            kind TEXT NOT NULL CHECK (kind IN (\(kinds.map { "'\($0)'" }.joined(separator: ", ")))),
            author TEXT NOT NULL,
            recorded_at TEXT NOT NULL,
            batch INTEGER,
            source_line INTEGER,
            partner TEXT,
            category TEXT,
            period INTEGER,
            invoice_number TEXT,
            supplier TEXT,
            invoice_date TEXT,
            payment_date TEXT,
            currency TEXT,
            net_minor INTEGER,
            vat_minor INTEGER,
            gross_minor INTEGER,
            exchange_rate TEXT,
            amount_eur_minor INTEGER,
            description TEXT,
            document TEXT,
            reverses INTEGER,
            reason TEXT,
            file_name TEXT,
            content_hash TEXT,
            line_count INTEGER,
            definition_hash TEXT,
            submitted_on TEXT,
            controls INTEGER,
            certified_minor INTEGER,
            deduction_reason TEXT,
            previous_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        INSERT INTO \(name) SELECT * FROM entries WHERE \(copying);
        DROP TABLE entries;
        ALTER TABLE \(name) RENAME TO entries;
        CREATE UNIQUE INDEX entries_import_file ON entries(project, content_hash) WHERE kind = 'import';
        CREATE UNIQUE INDEX entries_one_reversal ON entries(reverses) WHERE kind = 'reversal';
        CREATE UNIQUE INDEX entries_one_closure ON entries(project, period) WHERE kind = 'close-period';
        CREATE INDEX entries_projects ON entries(project) WHERE kind = 'project';
        CREATE INDEX entries_payments ON entries(project) WHERE kind = 'payment';
        CREATE INDEX entries_controls ON entries(controls) WHERE kind = 'control';
        \(extraIndexes)
        CREATE TRIGGER entries_never_updated BEFORE UPDATE ON entries
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal instead'); END;
        CREATE TRIGGER entries_never_deleted BEFORE DELETE ON entries
            BEGIN SELECT RAISE(ABORT, 'ledger entries are append-only: post a reversal instead'); END;
        """
    }
}
