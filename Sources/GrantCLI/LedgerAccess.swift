import GrantKeys
import GrantCore
import GrantStore

/// How ledger commands find their database, their author and their project.
enum LedgerAccess {
    /// The options every ledger command accepts.
    static let options: Set<String> = ["db", "author"]

    static let optionsHelp = """
      --db PATH|URI      the ledger: a SQLite file, or a PostgreSQL database as a libpq URI, postgresql://…
                         (what it leaves out from the PG* variables) (default: $GRANTLEDGER_DB, else ./grantledger.db)
      --author NAME      sign as this name, one of your keys the ledger knows (default: your only such key)
    """

    /// `--db`, else `GRANTLEDGER_DB`, else `grantledger.db` in the current folder.
    static func databasePath(_ arguments: Arguments, _ session: Session) -> String {
        arguments.value("db") ?? session.environment["GRANTLEDGER_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "grantledger.db"
    }

    /// What a command's `--output` must never replace: the ledger, and every file it may read (a
    /// file named on the command line, every file of a folder named, a rate table).
    static func protectedPaths(_ arguments: Arguments, _ session: Session) -> [String] {
        let database = databasePath(arguments, session)
        var paths = (LedgerStore.isServer(database) ? [] : [database]) + ["rates"].compactMap { arguments.value($0) }
        for positional in arguments.positionals where FileSystem.exists(positional) {
            if FileSystem.isFolder(positional) {
                paths += ((try? FileSystem.contents(positional)) ?? []).map { FileSystem.join(positional, $0) }
            } else {
                paths.append(positional)
            }
        }
        return paths
    }

    /// Who signs what the command appends to `projectCode` (`SigningKeys.authorship`).
    static func authorship(_ arguments: Arguments, _ session: Session, _ store: LedgerStore, projectCode: String?,
                           command: String) throws(CLIError) -> Authorship {
        try SigningKeys.authorship(arguments, session, store: store, projectCode: projectCode, command: command)
    }

    /// Whether a ledger may be at `path`: a file there, or a server (which only connecting tells).
    static func mayExist(_ path: String) -> Bool { LedgerStore.isServer(path) || FileSystem.exists(path) }

    /// The ledger at the database path; it must exist.
    static func open(_ arguments: Arguments, _ session: Session) throws(CLIError) -> LedgerStore {
        let path = databasePath(arguments, session)
        do {
            return try LedgerStore.open(at: path, fileExists: mayExist(path))
        } catch {
            throw .store(error)
        }
    }

    /// `--project`, or the ledger's only project when it holds just one.
    static func projectCode(_ arguments: Arguments, _ store: LedgerStore, command: String) throws(CLIError) -> String {
        if let code = arguments.value("project") { return code }
        let codes = try run { () throws(StoreError) in try store.projectCodes() }
        guard codes.count == 1 else {
            throw .usage(codes.isEmpty ? "the ledger holds no project yet; load one with 'grantledger load FOLDER'"
                         : "the ledger holds \(codes.count) projects (\(codes.joined(separator: ", "))); name one with --project CODE", command: command)
        }
        return codes[0]
    }

    /// The chain head as reports state it (`entry N, SHA-256 …` in full), with its signature and
    /// signer when `signed`, so a printed report is proof of who vouched for the state it shows.
    static func ledgerState(_ store: LedgerStore, signed: Bool) throws(CLIError) -> String {
        let head = try run { () throws(StoreError) in try store.chainHead() }
        let signature = signed ? try run { () throws(StoreError) in try store.headSignature() }.flatMap { signed in
            signed.signature.publicKey.map { key in
                ", signed by \(signed.signer) (Ed25519 key \(key), signature \(signed.signature.signature.hexadecimal))"
            }
        } : nil
        return "entry \(head.sequence), SHA-256 \(head.hash.hexadecimal)" + (signature ?? "")
    }

    /// Runs a store call, turning its errors into command-line errors.
    static func run<T>(_ body: () throws(StoreError) -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch {
            throw .store(error)
        }
    }

    /// A whole number option, or nil when absent.
    static func number(_ arguments: Arguments, _ name: String, command: String) throws(CLIError) -> Int? {
        guard let text = arguments.value(name) else { return nil }
        guard let number = Int(text), number > 0 else { throw .usage("--\(name) must be a whole number above zero; got '\(text)'", command: command) }
        return number
    }
}
