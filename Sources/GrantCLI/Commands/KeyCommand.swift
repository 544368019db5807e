import GrantCore
import GrantKeys
import GrantStore

/// `grantledger key create|list`: your signing keys (the ledger's users are `UserCommand`'s).
struct KeyCommand {
    static let name = "key"

    static let help = """
    Usage: grantledger key create [--name NAME] [--passphrase]
           grantledger key list

    Everything a command appends to the ledger is signed by its author's Ed25519 key, once,
    over the chain hash it ends at. Entries show the name of the user the key is registered to
    ('grantledger user add').

      create     makes a new key in your config folder ($GRANTLEDGER_KEYS, else
                 $XDG_CONFIG_HOME/grantledger/keys, else ~/.config/grantledger/keys), readable by
                 you only, optionally sealed under a passphrase (typed twice on the terminal, or
                 GRANTLEDGER_PASSPHRASE). It prints the public key to give the ledger's programme.
      list       your keys ('grantledger user list' shows the ledger's users and their keys)

    Options:
      --name NAME        create: the key's name (default: your user name)
      --passphrase       create: seal the key under a passphrase
      --help             show this help

    Exit status: 0 done; 2 bad usage; 3 the key file cannot be written.

    Example:
      grantledger key create --name inga
      Created the signing key inga in /home/inga/.config/grantledger/keys/inga.key (readable by you only).
      Public key: 0f9c…
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: ["name"], flagNames: ["passphrase"])
        guard let action = parsed.positionals.first else {
            throw .usage("key needs an action: create or list", command: name)
        }
        guard parsed.positionals.count == 1 else { throw .usage("key \(action) takes no value", command: name) }
        switch action {
        case "create": return try create(parsed, session)
        case "list": return list(try SigningKeys.all(session), session)
        case "register", "revoke":
            throw .usage("keys are registered and revoked with their users: 'grantledger user "
                + "\(action == "register" ? "add" : "revoke") …'", command: name)
        default:
            throw .usage("no key action '\(action)'; the actions are create and list", command: name)
        }
    }

    private static func create(_ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        let made = try SigningKeys.create(name: parsed.value("name") ?? session.keyOwnerName, sealed: parsed.flag("passphrase"),
                                          session, command: name)
        session.console.write("""
            Created the signing key \(made.file.name) in \(made.path) (readable by you only\(made.file.isSealed ? ", sealed" : "")).
            Public key: \(made.file.publicKey)
            To sign in a ledger, have its programme add you as a user with this key:
              grantledger user add \(made.file.name) --role ROLE --key \(made.file.publicKey)

            """)
        return .success
    }

    private static func list(_ local: [SigningKeys.Local], _ session: Session) -> ExitStatus {
        var text = "Your keys (\(SigningKeys.folder(session))):\n"
        text += local.isEmpty ? "  none; make one with 'grantledger key create'\n"
            : local.map { "  \($0.file.name)  \($0.file.publicKey)\($0.file.isSealed ? "  sealed" : "")\n" }.joined()
        session.console.write(text)
        return .success
    }
}
