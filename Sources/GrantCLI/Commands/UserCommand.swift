import GrantCore
import GrantKeys
import GrantStore

/// `grantledger user add|list|revoke`: the ledger's users, their roles and keys, per project.
struct UserCommand {
    static let name = "user"

    static let help = """
    Usage: grantledger user add NAME --role ROLE [--partner ID] --key PUBLIC-KEY [--project CODE]
                                [--db PATH|URI] [--author NAME]
           grantledger user list [--project CODE] [--db PATH|URI]
           grantledger user revoke NAME|PUBLIC-KEY --reason TEXT [--project CODE] [--db PATH|URI] [--author NAME]

    A user of a project is a name, a role and the Ed25519 key that signs what they record,
    registered in the project's chain. On a PostgreSQL server the name is the user's database
    login: the server checks every entry against the login that writes it, whatever program
    connects (see README, "A shared ledger on PostgreSQL"). In a SQLite file the engine checks
    the same roles against the signing key, and the file's permissions do the rest.

      add        records a user in the project's chain, by the ledger's owner or a programme
                 user. The roles: \(LedgerRole.allCases.map(\.rawValue).joined(separator: ", ")).
                 programme records payments, closes periods and adds users; partner imports and
                 reverses the expenditure of its partner (--partner, required); controller
                 certifies the expenditure of the partner it is assigned to (--partner), or of
                 every partner; lead-partner and auditor read, report and verify, and record
                 nothing. Loading a project is the ledger owner's.
      list       the ledger's owner, and each project's users with their keys, live or revoked
      revoke     withdraws a user (named by name or by public key), with a reason: nothing
                 their key signs from then on is accepted. What they recorded before stays valid.

    Options:
      --role ROLE        add: what the user does in the project
      --partner ID       add: the partner a partner user acts for, or a controller is assigned to
      --key PUBLIC-KEY   add: the user's public key ('grantledger key create' prints it)
      --reason TEXT      revoke: why
      --project CODE     the project (default: the ledger's only project)
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 done; 2 bad usage or refused (the reason is printed); 4 database failure.

    Example:
      grantledger user add inga --role controller --key fd172438…
      Entry 14: inga added to LLI-59 as controller, key fd172438…, by liga.
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: LedgerAccess.options.union(["role", "partner", "key", "reason", "project"]), flagNames: [])
        guard let action = parsed.positionals.first else {
            throw .usage("user needs an action: add, list or revoke", command: name)
        }
        let rest = Array(parsed.positionals.dropFirst())
        switch action {
        case "add":
            try expect(rest, count: 1, "user add takes one name: the user's (on a server, their database login)")
            return try add(rest[0], parsed, session)
        case "list":
            try expect(rest, count: 0, "user list takes no value")
            return try list(parsed, session)
        case "revoke":
            try expect(rest, count: 1, "user revoke takes one name or public key")
            return try revoke(rest[0], parsed, session)
        default:
            throw .usage("no user action '\(action)'; the actions are add, list and revoke", command: name)
        }
    }

    private static func expect(_ values: [String], count: Int, _ message: String) throws(CLIError) {
        guard values.count == count else { throw .usage(message, command: name) }
    }

    private static func add(_ holder: String, _ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        try SigningKeys.checkName(holder, command: name)
        guard let keyText = parsed.value("key") else {
            throw .usage("user add needs --key PUBLIC-KEY: the key that signs what \(holder) records", command: name)
        }
        let key = try VerifyCommand.publicKey(keyText, option: "--key")
        let roles = LedgerRole.allCases.map(\.rawValue)
        guard let roleText = try parsed.choice("role", allowed: roles, command: name), let role = LedgerRole(rawValue: roleText) else {
            throw .usage("user add needs --role ROLE, one of \(roles.joined(separator: ", "))", command: name)
        }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let registration = KeyRegistration(publicKey: key.description, name: holder, role: role, partnerID: parsed.value("partner"))
        let entry = try LedgerAccess.run { () throws(StoreError) in try store.registerKey(registration, projectCode: code, by: authorship) }
        let partner = registration.partnerID.map { " for \($0)" } ?? ""
        session.console.write("Entry \(entry.sequence): \(holder) added to \(code) as \(role.rawValue)\(partner), key \(key.short)…, "
            + "by \(entry.author).\n")
        return .success
    }

    private static func list(_ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        let store = try LedgerAccess.open(parsed, session)
        let owner = try LedgerAccess.run { () throws(StoreError) in try store.owner() }
        var text = "Owner of \(store.path): " + (owner.map { "\($0.name)  \($0.publicKey)\n" } ?? "none (made before signatures)\n")
        var codes = try LedgerAccess.run { () throws(StoreError) in try store.projectCodes() }
        if let project = parsed.value("project") { codes = [project] }
        for code in codes {
            let keys = try LedgerAccess.run { () throws(StoreError) in try store.registeredKeys(code) }
            text += "Users of \(code):" + (keys.isEmpty ? " none\n" : "\n")
            for key in keys {
                let registration = key.registration
                let partner = registration.partnerID.map { " for \($0)" } ?? ""
                let state = key.revokedAt.map { "revoked by entry \($0)" } ?? "live"
                text += "  \(registration.name)  \(registration.role.rawValue)\(partner)  \(registration.publicKey)  "
                    + "entry \(key.sequence) by \(key.registeredBy), \(state)\n"
            }
        }
        session.console.write(text)
        return .success
    }

    private static func revoke(_ keyOrName: String, _ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        guard let reason = parsed.value("reason") else {
            throw .usage("user revoke needs --reason TEXT: the ledger records why", command: name)
        }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let live = try LedgerAccess.run { () throws(StoreError) in try store.registeredKeys(code) }.filter { $0.revokedAt == nil }
        let named = live.filter { $0.registration.name == keyOrName || $0.registration.publicKey == keyOrName }
        guard let user = named.first, let key = Ed25519.PublicKey(hexadecimal: user.registration.publicKey) else {
            throw .usage("\(code) has no live user \(keyOrName); see 'grantledger user list'", command: name)
        }
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let entry = try LedgerAccess.run { () throws(StoreError) in
            try store.revokeKey(key, reason: reason, projectCode: code, by: authorship)
        }
        session.console.write("Entry \(entry.sequence): \(user.registration.name) (key \(key.short)…) revoked in \(code), by "
            + "\(entry.author).\nReason: \(reason)\n")
        return .success
    }
}
