import GrantCore
import GrantKeys
import GrantStore

/// The user's own signing keys: secret key files in their config folder, one per name, each
/// readable by the user alone. A command that appends to the ledger signs with the one of them
/// that the ledger knows (the owner's, or one registered in the project).
enum SigningKeys {
    /// `GRANTLEDGER_KEYS`, else `$XDG_CONFIG_HOME/grantledger/keys`, else `~/.config/grantledger/keys`.
    static func folder(_ session: Session) -> String {
        let environment = session.environment
        if let explicit = environment["GRANTLEDGER_KEYS"], !explicit.isEmpty { return explicit }
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") { return config + "/grantledger/keys" }
        return (environment["HOME"] ?? "~") + "/.config/grantledger/keys"
    }

    /// A local key: its file and what the file says.
    struct Local {
        let path: String
        let file: KeyFile
    }

    /// Every key file in the folder, by name; none when the folder does not exist yet.
    static func all(_ session: Session) throws(CLIError) -> [Local] {
        let folder = folder(session)
        guard FileSystem.isFolder(folder) else { return [] }
        var keys: [Local] = []
        for name in try FileSystem.contents(folder).sorted() where name.hasSuffix(".key") {
            let path = FileSystem.join(folder, name)
            // As ssh does with its keys: a secret others can read is no longer the holder's alone.
            if let mode = FileSystem.permissions(path), mode & 0o077 != 0 {
                throw .unreadable(path: path, reason: "the key file is readable by others (mode 0\(String(mode, radix: 8))); "
                    + "make it yours alone with 'chmod 600 \(path)', and if others may have read it, revoke the key")
            }
            let text = String(decoding: try FileSystem.readBytes(path), as: UTF8.self)
            do {
                keys.append(Local(path: path, file: try KeyFile(text: text)))
            } catch {
                throw .unreadable(path: path, reason: "it is not a GrantLedger key file: \(error.reason)")
            }
        }
        return keys
    }

    /// Makes a new key named `name`, sealed under a passphrase when `sealed`.
    static func create(name: String, sealed: Bool, _ session: Session, command: String) throws(CLIError) -> Local {
        try checkName(name, command: command)
        let path = FileSystem.join(folder(session), name + ".key")
        if FileSystem.exists(path) { throw .usage("you already have a key named \(name) (\(path)); choose another "
            + "--name", command: command) }
        let passphrase = sealed ? try newPassphrase(session, command: command) : nil
        let file = KeyFile(name: name, key: .generate(), passphrase: passphrase)
        try FileSystem.createPrivate(file.text, at: path)
        return Local(path: path, file: file)
    }

    /// A key name: what entries show as their author, and the key file's name.
    static func checkName(_ name: String, command: String) throws(CLIError) {
        guard !name.isEmpty, name.count <= 64, !name.contains("/"), !name.hasPrefix("."), name.trimmingBlanks == name else {
            throw .usage("a key's name has 1 to 64 characters, no '/', does not start with '.' and has no blanks around it; "
                + "got '\(name)'", command: command)
        }
    }

    /// The secret key of `local`, asking for its passphrase when it is sealed.
    static func secretKey(_ local: Local, _ session: Session) throws(CLIError) -> Ed25519.SecretKey {
        var passphrase: String?
        if local.file.isSealed {
            passphrase = session.environment["GRANTLEDGER_PASSPHRASE"]
                ?? session.console.readSecret(prompt: "Passphrase of the key \(local.file.name): ")
            guard passphrase != nil else {
                throw .unreadable(path: local.path, reason: "the key is sealed under a passphrase; type it on a terminal "
                    + "or set GRANTLEDGER_PASSPHRASE")
            }
        }
        do {
            return try local.file.secretKey(passphrase: passphrase)
        } catch {
            throw .unreadable(path: local.path, reason: error.reason)
        }
    }

    /// The passphrase for a new sealed key: GRANTLEDGER_PASSPHRASE, or typed twice on the terminal.
    private static func newPassphrase(_ session: Session, command: String) throws(CLIError) -> String {
        if let given = session.environment["GRANTLEDGER_PASSPHRASE"] {
            guard given.count >= 8 else { throw .usage("GRANTLEDGER_PASSPHRASE has fewer than 8 characters", command: command) }
            return given
        }
        guard let first = session.console.readSecret(prompt: "Passphrase for the new key (8 characters or more): ") else {
            throw .usage("--passphrase asks for the passphrase on a terminal, and there is none; set "
                + "GRANTLEDGER_PASSPHRASE", command: command)
        }
        guard first.count >= 8 else { throw .usage("a passphrase has 8 characters or more", command: command) }
        guard session.console.readSecret(prompt: "The same passphrase again: ") == first else {
            throw .usage("the two passphrases differ; nothing was created", command: command)
        }
        return first
    }

    /// Who signs what a command appends to `projectCode`: `--author NAME` (a name the ledger
    /// knows, whose key is here), else the one local key the ledger knows for the project, else
    /// of several the one known under your user name.
    static func authorship(_ arguments: Arguments, _ session: Session, store: LedgerStore, projectCode: String?,
                           command: String) throws(CLIError) -> Authorship {
        _ = try LedgerAccess.run { () throws(StoreError) in try store.requiredOwner() }
        let local = try all(session)
        guard !local.isEmpty else {
            throw .usage("you have no signing key yet (none in \(folder(session))); make one with 'grantledger key create "
                + "--name NAME' and give its public key to the ledger's owner to register", command: command)
        }
        let known = try LedgerAccess.run { () throws(StoreError) in try knownNames(store, projectCode: projectCode) }
        let usable = local.compactMap { key in known[key.file.publicKey].map { (key, $0) } }
        let chosen: Local
        if let author = arguments.value("author") {
            guard let match = usable.first(where: { $0.1 == author }) else {
                throw .usage("none of your keys is the ledger's owner or registered\(projectCode.map { " in \($0)" } ?? "") as "
                    + "\(author); yours are \(describe(local, known))", command: command)
            }
            chosen = match.0
        } else if usable.count > 1, let mine = usable.first(where: { $0.1 == session.keyOwnerName }) {
            chosen = mine.0
        } else {
            guard usable.count == 1 else {
                if usable.isEmpty {
                    throw .usage("none of your keys (\(describe(local, known))) is the ledger's owner or registered"
                        + "\(projectCode.map { " in \($0)" } ?? ""); ask the owner or the programme to add you: grantledger user add "
                        + "\(local[0].file.name) --role ROLE --key \(local[0].file.publicKey)", command: command)
                }
                throw .usage("several of your keys may sign here (\(usable.map(\.1).joined(separator: ", "))); "
                    + "choose one with --author NAME", command: command)
            }
            chosen = usable[0].0
        }
        return Authorship(key: try secretKey(chosen, session), recordedAt: session.now().text)
    }

    /// The names the ledger signs under, by key: the owner's, and the live keys of `projectCode`.
    private static func knownNames(_ store: LedgerStore, projectCode: String?) throws(StoreError) -> [Ed25519.PublicKey: String] {
        var names: [Ed25519.PublicKey: String] = [:]
        if let owner = try store.owner() { names[owner.publicKey] = owner.name }
        guard let projectCode else { return names }
        for key in try store.registeredKeys(projectCode) where key.revokedAt == nil {
            if let publicKey = Ed25519.PublicKey(hexadecimal: key.registration.publicKey) { names[publicKey] = key.registration.name }
        }
        return names
    }

    private static func describe(_ local: [Local], _ known: [Ed25519.PublicKey: String]) -> String {
        local.map { key in
            "\(key.file.name) \(key.file.publicKey.short)…" + (known[key.file.publicKey].map { " (signs as \($0))" } ?? "")
        }.joined(separator: ", ")
    }
}

private extension String {
    var trimmingBlanks: String {
        String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
    }
}
