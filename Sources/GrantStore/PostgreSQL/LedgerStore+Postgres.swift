import GrantKeys

/// A ledger in a PostgreSQL database: made in one transaction (a killed `init` leaves nothing),
/// owned by the login that made it.
extension LedgerStore {
    static func openOnServer(_ uri: String) throws(StoreError) -> LedgerStore {
        let database = try PostgresDatabase(uri: uri)
        guard try database.holdsLedger() else { throw .noDatabase(path: database.displayName) }
        let member = try database.prepare("SELECT grantledger_is_member()")
        guard try member.step(), member.text(0) == "t" else {
            let login = try database.login()
            throw .refused("the login \(login) is not a user of the ledger at \(database.displayName), so the server shows it none of "
                + "it; ask its owner or programme to add you: grantledger user add \(login) --role ROLE --key YOUR-PUBLIC-KEY")
        }
        let version = try database.schemaVersion()
        guard version <= Int64(Schema.currentVersion) else {
            throw .newerSchema(path: database.displayName, found: Int32(clamping: version), supported: Schema.currentVersion)
        }
        if version < Int64(Schema.currentVersion) { try upgradeOnServer(database, from: version) }
        return LedgerStore(path: database.displayName, database: database)
    }

    /// Brings a server's ledger made by an earlier version to this one, in one transaction; only
    /// its administrator (the login that owns its tables) may.
    private static func upgradeOnServer(_ database: PostgresDatabase, from version: Int64) throws(StoreError) {
        guard let upgrade = PostgresSchema.upgrade(from: version) else {
            throw .refused("the ledger at \(database.displayName) has schema version \(version), which this version cannot upgrade")
        }
        let administrator = try database.prepare("SELECT grantledger_is_administrator()")
        guard try administrator.step(), administrator.text(0) == "t" else {
            throw .refused("the ledger at \(database.displayName) was made by an earlier version (schema version \(version)); "
                + "its administrator upgrades it to version \(Schema.currentVersion) by running any grantledger command on it, "
                + "e.g. grantledger verify")
        }
        try database.writeTransaction("upgrade the ledger") { () throws(StoreError) in
            try database.execute(upgrade, context: "upgrade the ledger from schema version \(version)")
        }
    }

    /// The tables, roles' limits and `fill`'s rows in one transaction.
    static func createOnServer(_ uri: String,
                               fill: (LedgerStore) throws(StoreError) -> Void) throws(StoreError) -> (LedgerStore, created: Bool) {
        let database = try PostgresDatabase(uri: uri)
        let store = LedgerStore(path: database.displayName, database: database)
        let created = try database.writeTransaction("create the ledger") { () throws(StoreError) -> Bool in
            guard try !database.holdsLedger() else { return false }
            try database.execute(try PostgresSchema.creation(), context: "create the ledger's tables, roles and checks")
            try fill(store)
            return true
        }
        return (store, created)
    }
}

extension PostgresDatabase {
    func ownerName(requested: String) throws(StoreError) -> String { try login() }

    func startCopying() throws(StoreError) {
        try execute("SET LOCAL grantledger.copying = 'on'", context: "mark the copy")
    }

    /// The login this connection is authenticated as.
    func login() throws(StoreError) -> String {
        let statement = try prepare("SELECT session_user")
        _ = try statement.step()
        return statement.text(0) ?? ""
    }

    /// A user's name is their database login: the server must have a role `name` may log in as.
    func refusal(ofUserName name: String) throws(StoreError) -> String? {
        let statement = try prepare("SELECT count(*) FROM pg_roles WHERE rolname = ? AND rolcanlogin")
        try statement.bind(1, .text(name))
        guard try !(statement.step() && statement.integer(0) == 1) else { return nil }
        return "the server has no login \(name): on PostgreSQL a user's name is their database login; "
            + "ask the server's administrator to make it (CREATE ROLE \(name) LOGIN PASSWORD '…')"
    }

    /// The time the server records this transaction's entries at, and takes the write lock: its
    /// clock, or `requested` when the login administers the ledger (as it could set the clock).
    func recordingTime(requested: String) throws(StoreError) -> String {
        let statement = try prepare("SELECT grantledger_start_recording(?)")
        try statement.bind(1, .text(requested))
        _ = try statement.step()
        return statement.text(0) ?? requested
    }
}
