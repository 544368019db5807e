import GrantKeys
import GrantStore

/// `grantledger init`: creates the ledger database, owned by the user's signing key.
struct InitCommand {
    static let name = "init"

    static let help = """
    Usage: grantledger init [--db PATH] [--author NAME] [--passphrase]

    Creates the ledger database: one SQLite file per workspace, in WAL mode, with the current
    schema, readable by you only. Your signing key becomes its owner: the key that loads
    projects and registers everyone else's keys. You need no key beforehand: when you have none,
    init makes one (named --author, else your user name) in your config folder, as
    'grantledger key create' would. Note the owner key it prints: 'grantledger verify
    --owner-key KEY' later proves the ledger was not rebuilt under someone else's keys.

    Running it again on a ledger changes nothing and says so; on a ledger made by a version
    before signatures, it makes you its owner (its entries so far stay unsigned).

    Options:
    \(LedgerAccess.optionsHelp)
      --passphrase       seal a key init makes under a passphrase (typed twice, or GRANTLEDGER_PASSPHRASE)
      --help             show this help

    Exit status: 0 created or already there; 2 bad usage; 4 the file exists but is not a
    ledger, or was written by a newer GrantLedger (it is left untouched).

    Example:
      grantledger init
      Created the ledger grantledger.db (schema version 5, WAL journal), owned by liga.
      Owner key: 5c8f3e1a… (Ed25519); note it to check the ledger later with verify --owner-key.
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: LedgerAccess.options, flagNames: ["passphrase"])
        guard parsed.positionals.isEmpty else { throw .usage("init takes no file names; name the database with --db PATH", command: name) }
        let path = LedgerAccess.databasePath(parsed, session)
        let exists = LedgerAccess.mayExist(path)
        if exists, let store = try? LedgerStore.open(at: path, fileExists: true),
           let owner = try LedgerAccess.run({ () throws(StoreError) in try store.owner() }) {
            let version = try LedgerAccess.run { () throws(StoreError) in try store.schemaVersion() }
            let projects = try LedgerAccess.run { () throws(StoreError) in try store.projectCodes() }
            session.console.write("\(store.path) is already a GrantLedger database (schema version \(version), \(projects.count) "
                + "project\(projects.count == 1 ? "" : "s"), owned by \(owner.name)); nothing changed.\n")
            return .success
        }
        let (key, name) = try ownerKey(parsed, session)
        let (store, created) = try LedgerAccess.run { () throws(StoreError) in
            try LedgerStore.create(at: path, fileExists: exists, owner: key, name: name)
        }
        let version = try LedgerAccess.run { () throws(StoreError) in try store.schemaVersion() }
        if created {
            let owner = try LedgerAccess.run { () throws(StoreError) in try store.requiredOwner() }
            let storage = try LedgerAccess.run { () throws(StoreError) in try store.journalMode() }.map { "\($0.uppercased()) journal" }
                ?? "PostgreSQL, with the roles' limits enforced by the server"
            session.console.write("Created the ledger \(store.path) (schema version \(version), \(storage)), owned by \(owner.name).\n")
        } else {
            let owner = try LedgerAccess.run { () throws(StoreError) in try store.claim(by: key, name: name) }
            session.console.write("\(path) was made before GrantLedger signed its entries; \(name) is now its owner. Its "
                + "\(owner.unsignedThrough) entr\(owner.unsignedThrough == 1 ? "y stays" : "ies stay") unsigned; every entry from "
                + "now on is signed.\n")
        }
        session.console.write("Owner key: \(key.publicKey) (Ed25519); note it to check the ledger later with verify --owner-key.\n")
        return .success
    }

    /// The key that owns the new ledger, and the name it goes by: `--author`'s key, else the only
    /// one you have, else the one named as your user, else a new one (named --author, else your user name).
    private static func ownerKey(_ parsed: Arguments, _ session: Session) throws(CLIError) -> (Ed25519.SecretKey, String) {
        let local = try SigningKeys.all(session)
        let wanted = parsed.value("author")
        let mine = local.count == 1 ? local.first : local.first { $0.file.name == session.keyOwnerName }
        if let found = local.first(where: { $0.file.name == wanted }) ?? (wanted == nil ? mine : nil) {
            return (try SigningKeys.secretKey(found, session), found.file.name)
        }
        guard wanted != nil || local.isEmpty else {
            throw .usage("you have several keys (\(local.map(\.file.name).joined(separator: ", "))); choose the owner's with --author NAME",
                         command: name)
        }
        let made = try SigningKeys.create(name: wanted ?? session.keyOwnerName, sealed: parsed.flag("passphrase"), session, command: name)
        session.console.write("Created your signing key \(made.file.name) in \(made.path) (readable by you only).\n")
        return (try SigningKeys.secretKey(made, session), made.file.name)
    }
}
