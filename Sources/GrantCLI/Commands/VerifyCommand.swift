import GrantCore
import GrantStore

/// `grantledger verify`: recomputes the audit chain and every stored total.
struct VerifyCommand {
    static let name = "verify"

    static let help = """
    Usage: grantledger verify [--head ENTRY:SHA256] [--db PATH]

    Recomputes the whole ledger: each entry's SHA-256 from its stored fields, each link to the
    entry before, each import batch's line count, total and stored sums per partner, category
    and period (and that every batch is whole), each reversal against its original, each
    closed period, and each project definition against the fingerprint chained when it was
    loaded; and runs SQLite's integrity check of the file. Any field changed behind the
    engine's back (for example with the sqlite3 shell) is found, and the first entry that does
    not match is named.

    It ends with the chain head (last entry and its hash). Note it down (in minutes, a report,
    an e-mail): entries removed from the end leave a shorter chain that is whole in itself,
    and `--head ENTRY:SHA256` with the noted head finds them.

    Options:
      --head ENTRY:SHA256  a chain head noted earlier (the hash in full, or its first 32 or more
                           hex digits): that entry must still be there with that hash; the
                           entries after it are counted apart, with who recorded them
      --db PATH            the ledger database (default: $GRANTLEDGER_DB, else ./grantledger.db)
      --help               show this help

    Exit status: 0 intact; 1 something does not match; 2 bad usage; 4 database failure.
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: ["db", "head"], flagNames: [])
        guard parsed.positionals.isEmpty else { throw .usage("verify takes no file names; name the database with --db PATH", command: name) }
        let noted = try parsed.value("head").map { (text) throws(CLIError) in try notedHead(text) }
        let store = try LedgerAccess.open(parsed, session)
        let result = try LedgerAccess.run { () throws(StoreError) in try store.verify(notedHead: noted) }
        let head = "Chain head: entry \(result.head.sequence), SHA-256 \(result.head.hash.hexadecimal)\n"
        guard !result.isIntact else {
            session.console.write("Verified \(result.entriesChecked) entries in \(store.path): every hash, link, "
                + "import total, reversal, closed period and project definition "
                + "matches\(noted.map { ", entry \($0.sequence) is the noted \($0.hashPrefix.prefix(16))…" } ?? ""), "
                + "and SQLite's integrity check passes.\n")
            if let noted {
                let after = result.entriesAfterNotedHead
                let authors = Array(Set(after.map(\.author))).sorted().joined(separator: ", ")
                session.console.write(after.isEmpty ? "No entries after the noted head.\n"
                                      : "\(after.count) entr\(after.count == 1 ? "y" : "ies") after the noted head "
                                          + "(\(noted.sequence + 1)–\(after.last!.sequence)), recorded by \(authors).\n")
            }
            session.console.write(head)
            return .success
        }
        let first = result.problems[0]
        session.console.write("Verification FAILED for \(store.path): \(result.problems.count) mismatch\(result.problems.count == 1 ? "" : "es") in \(result.entriesChecked) entries.\n")
        if let sequence = first.sequence { session.console.write("First entry that does not match: \(sequence)\n") }
        for problem in result.problems { session.console.write("  \(problem.message)\n") }
        session.console.write(head)
        return .findings
    }

    /// `ENTRY:SHA256`, the hash in at least 32 hexadecimal digits (128 bits: no one finds another
    /// ledger state with the same start of its head, as one could for 48 bits).
    static func notedHead(_ text: String) throws(CLIError) -> (sequence: Int64, hashPrefix: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let sequence = Int64(parts[0]), sequence > 0, parts[1].count >= 32, parts[1].count <= 64,
              parts[1].allSatisfy(\.isHexDigit) else {
            throw .usage("--head \(text) is not a chain head; expected ENTRY:SHA256 as verify prints it, the hash in "
                + "full or its first 32 or more hex digits", command: name)
        }
        return (sequence, String(parts[1]).lowercased())
    }
}
