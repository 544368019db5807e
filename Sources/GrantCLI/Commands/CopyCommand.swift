import GrantCore
import GrantStore

/// `grantledger copy --from A --to B`: a whole ledger into a new file or server database.
struct CopyCommand {
    static let name = "copy"

    static let help = """
    Usage: grantledger copy --from PATH|URI --to PATH|URI

    Copies a whole ledger to a new one: from a SQLite file to a PostgreSQL database (when a
    partnership starts to share it) or back (to hand an auditor one file), or file to file.
    Every entry, block, stored sum, signature and the owner are copied as they are, so the copy
    has the same chain, hashes and signatures. The original is verified first, from one
    snapshot (writers may go on meanwhile); the copy is verified before it is kept; both must
    end at the same chain head, which is printed. Nothing is left behind when anything fails:
    the new file is not made, the server's transaction is rolled back.

    The target is a file not there yet, or a server database that holds no ledger. On a server
    you must administer the database (own it, or be its owner's member): the copied entries
    keep the logins and times they were recorded with, which the server lets only its
    administrator write. Users on the server are the logins of the names the ledger knows.

    Options:
      --from PATH|URI    the ledger to copy: a SQLite file, or postgresql://…
      --to PATH|URI      the new ledger
      --help             show this help

    Exit status: 0 copied and both verify; 2 bad usage, or refused (the target holds a ledger,
    the original does not verify); 4 database failure.

    Example:
      grantledger copy --from grantledger.db --to postgresql://liga@ledger.example.org/lli59
      Copied 91 entries from grantledger.db to postgresql://liga@ledger.example.org/lli59; both verify.
      Chain head of both: entry 91, SHA-256 e9e23bf6…
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: ["from", "to"], flagNames: [])
        guard parsed.positionals.isEmpty else { throw .usage("copy takes no file names; name them with --from and --to", command: name) }
        guard let from = parsed.value("from"), let to = parsed.value("to") else {
            throw .usage("copy needs --from PATH|URI (the ledger) and --to PATH|URI (the new one)", command: name)
        }
        guard from != to else { throw .usage("--from and --to name the same ledger", command: name) }
        let source = try LedgerAccess.run { () throws(StoreError) in try LedgerStore.open(at: from, fileExists: LedgerAccess.mayExist(from)) }
        let copy = try LedgerAccess.run { () throws(StoreError) in try source.copy(to: to, fileExists: LedgerAccess.mayExist(to)) }
        session.console.write("""
            Copied \(copy.entries) entries from \(source.path) to \(copy.target.path); both verify.
            Chain head of both: entry \(copy.head.sequence), SHA-256 \(copy.head.hash.hexadecimal)

            """)
        return .success
    }
}
