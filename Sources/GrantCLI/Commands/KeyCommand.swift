import GrantCore
import GrantKeys
import GrantStore

/// `grantledger key create|list|register|revoke`: signing keys, yours and the ledger's.
struct KeyCommand {
    static let name = "key"

    static let help = """
    Usage: grantledger key create [--name NAME] [--passphrase]
           grantledger key list [--project CODE] [--db PATH]
           grantledger key register PUBLIC-KEY --name NAME --role ROLE [--partner ID] [--project CODE]
                                    [--db PATH] [--author NAME]
           grantledger key revoke PUBLIC-KEY|NAME --reason TEXT [--project CODE] [--db PATH] [--author NAME]

    Everything a command appends to the ledger is signed by its author's Ed25519 key, once,
    over the chain hash it ends at. Entries show the name the key is registered under.

      create     makes a new key in your config folder ($GRANTLEDGER_KEYS, else
                 $XDG_CONFIG_HOME/grantledger/keys, else ~/.config/grantledger/keys), readable by
                 you only, optionally sealed under a passphrase (typed twice on the terminal, or
                 GRANTLEDGER_PASSPHRASE). It prints the public key to give the ledger's owner.
      list       your keys, and the ledger's owner and the keys registered in its project
      register   records a key in the project's chain, with its holder's name and role (one of
                 \(LedgerRole.allCases.map(\.rawValue).joined(separator: ", ")); a partner key
                 names its partner with --partner, a controller may). Only the owner and programme
                 keys register. A key records only what its role does: programme payments, closed
                 periods and keys; partner its partner's imports and reversals; controller its
                 partners' controls; lead-partner and auditor nothing (they read and verify).
      revoke     withdraws a registered key (named by its public key or its name), with a reason:
                 nothing it signs from then on is accepted. What it signed before stays valid.

    Options:
      --name NAME        create: the key's name (default: your user name); register: the holder's
      --passphrase       create: seal the key under a passphrase
      --role ROLE        register: what the holder does in the project
      --partner ID       register: the partner a partner key acts for, or a controller is assigned to
      --reason TEXT      revoke: why
      --project CODE     the project (default: the ledger's only project)
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 done; 2 bad usage or refused (the reason is printed); 3 the key file cannot
    be written; 4 database failure.

    Example:
      grantledger key create --name inga
      Created the signing key inga in /home/inga/.config/grantledger/keys/inga.key (readable by you only).
      Public key: 0f9c…
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: LedgerAccess.options.union(["name", "role", "partner", "reason", "project"]),
                                   flagNames: ["passphrase"])
        guard let action = parsed.positionals.first else {
            throw .usage("key needs an action: create, list, register or revoke", command: name)
        }
        let rest = Array(parsed.positionals.dropFirst())
        switch action {
        case "create":
            try expect(rest, count: 0, "key create takes no value; name the key with --name NAME")
            return try create(parsed, session)
        case "list":
            try expect(rest, count: 0, "key list takes no value")
            return try list(parsed, session)
        case "register":
            try expect(rest, count: 1, "key register takes one public key")
            return try register(rest[0], parsed, session)
        case "revoke":
            try expect(rest, count: 1, "key revoke takes one public key or name")
            return try revoke(rest[0], parsed, session)
        default:
            throw .usage("no key action '\(action)'; the actions are create, list, register and revoke", command: name)
        }
    }

    private static func expect(_ values: [String], count: Int, _ message: String) throws(CLIError) {
        guard values.count == count else { throw .usage(message, command: name) }
    }

    private static func create(_ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        let made = try SigningKeys.create(name: parsed.value("name") ?? session.keyOwnerName, sealed: parsed.flag("passphrase"),
                                          session, command: name)
        session.console.write("""
            Created the signing key \(made.file.name) in \(made.path) (readable by you only\(made.file.isSealed ? ", sealed" : "")).
            Public key: \(made.file.publicKey)
            To sign in a ledger, have its owner register it:
              grantledger key register \(made.file.publicKey) --name \(made.file.name) --role ROLE

            """)
        return .success
    }

    private static func list(_ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        let local = try SigningKeys.all(session)
        var text = "Your keys (\(SigningKeys.folder(session))):\n"
        text += local.isEmpty ? "  none; make one with 'grantledger key create'\n"
            : local.map { "  \($0.file.name)  \($0.file.publicKey)\($0.file.isSealed ? "  sealed" : "")\n" }.joined()
        let path = LedgerAccess.databasePath(parsed, session)
        if FileSystem.exists(path) {
            let store = try LedgerAccess.open(parsed, session)
            let owner = try LedgerAccess.run { () throws(StoreError) in try store.owner() }
            text += "Owner of \(path): " + (owner.map { "\($0.name)  \($0.publicKey)\n" } ?? "none (made before signatures)\n")
            var codes = try LedgerAccess.run { () throws(StoreError) in try store.projectCodes() }
            if let project = parsed.value("project") { codes = [project] }
            for code in codes {
                let keys = try LedgerAccess.run { () throws(StoreError) in try store.registeredKeys(code) }
                text += "Keys registered in \(code):" + (keys.isEmpty ? " none\n" : "\n")
                for key in keys {
                    let registration = key.registration
                    let partner = registration.partnerID.map { " for \($0)" } ?? ""
                    let state = key.revokedAt.map { "revoked by entry \($0)" } ?? "live"
                    text += "  \(registration.name)  \(registration.role.rawValue)\(partner)  \(registration.publicKey)  "
                        + "entry \(key.sequence) by \(key.registeredBy), \(state)\n"
                }
            }
        }
        session.console.write(text)
        return .success
    }

    private static func register(_ keyText: String, _ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        let key = try VerifyCommand.publicKey(keyText, option: "PUBLIC-KEY")
        guard let holder = parsed.value("name") else { throw .usage("key register needs --name NAME: the holder's name", command: name) }
        try SigningKeys.checkName(holder, command: name)
        let roles = LedgerRole.allCases.map(\.rawValue)
        guard let roleText = try parsed.choice("role", allowed: roles, command: name), let role = LedgerRole(rawValue: roleText) else {
            throw .usage("key register needs --role ROLE, one of \(roles.joined(separator: ", "))", command: name)
        }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let registration = KeyRegistration(publicKey: key.description, name: holder, role: role, partnerID: parsed.value("partner"))
        let entry = try LedgerAccess.run { () throws(StoreError) in try store.registerKey(registration, projectCode: code, by: authorship) }
        let partner = registration.partnerID.map { " for \($0)" } ?? ""
        session.console.write("Entry \(entry.sequence): key \(key.short)… registered in \(code) as \(holder) (\(role.rawValue)\(partner)), "
            + "by \(entry.author).\n")
        return .success
    }

    private static func revoke(_ keyOrName: String, _ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        guard let reason = parsed.value("reason") else { throw .usage("key revoke needs --reason TEXT: the ledger "
            + "records why", command: name) }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let live = try LedgerAccess.run { () throws(StoreError) in try store.registeredKeys(code) }.filter { $0.revokedAt == nil }
        let key: Ed25519.PublicKey
        if let given = Ed25519.PublicKey(hexadecimal: keyOrName) {
            key = given
        } else {
            let named = live.filter { $0.registration.name == keyOrName }
            guard named.count == 1, let found = Ed25519.PublicKey(hexadecimal: named[0].registration.publicKey) else {
                throw .usage(named.isEmpty ? "no live key in \(code) is named \(keyOrName); name it by its public key "
                    + "(see 'grantledger key list')"
                             : "\(named.count) live keys in \(code) are named \(keyOrName); name the one by its public key", command: name)
            }
            key = found
        }
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let entry = try LedgerAccess.run { () throws(StoreError) in
            try store.revokeKey(key, reason: reason, projectCode: code, by: authorship)
        }
        let holder = live.first { $0.registration.publicKey == key.description }.map { " of \($0.registration.name)" } ?? ""
        session.console.write("Entry \(entry.sequence): key \(key.short)…\(holder) revoked in \(code), by "
            + "\(entry.author).\nReason: \(reason)\n")
        return .success
    }
}
