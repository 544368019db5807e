import GrantCore
import GrantKeys
import GrantStore

/// `grantledger verify`: recomputes the audit chain and every stored total.
struct VerifyCommand {
    static let name = "verify"

    static let help = """
    Usage: grantledger verify [--head ENTRY:SHA256] [--owner-key KEY] [--db PATH|URI]

    Recomputes the whole ledger: each entry's SHA-256 from its stored fields, each link to the
    entry before, each import batch's line count, total and stored sums per partner, category
    and period (and that every batch is whole), each reversal against its original, each
    closed period, and each project definition against the fingerprint chained when it was
    loaded; and runs SQLite's integrity check of the file (on a server: checks its grants,
    row-level security, policies, triggers and check functions are as the ledger made them). Any
    field changed behind the engine's back (with the sqlite3 shell, or psql) is found, and the
    first entry that does not match is named.

    It checks every signature: each command's entries are signed once, over the chain hash they
    end at, by the ledger's owner or a key registered in the project and not revoked when they
    were recorded, under the name they show as their author; no entry is left unsigned and times
    never go backwards. A ledger rewritten or rebuilt by someone without the keys fails, naming
    the first entry whose signature does not hold. Entries recorded before GrantLedger signed
    its entries (a ledger of schema 4 or earlier) are reported as unsigned, once.

    It ends with the chain head (last entry and its hash). Note it down (in minutes, a report,
    an e-mail): entries removed from the end leave a shorter chain that is whole in itself,
    and `--head ENTRY:SHA256` with the noted head finds them.

    Options:
      --head ENTRY:SHA256  a chain head noted earlier (the hash in full, or its first 32 or more
                           hex digits): that entry must still be there with that hash; the
                           entries after it are counted apart, with who recorded them
      --owner-key KEY      the owner's public key, as init printed it: a ledger made or rebuilt
                           under any other owner's key fails
      --db PATH|URI        the ledger: a SQLite file, or postgresql://… (default: $GRANTLEDGER_DB,
                           else ./grantledger.db)
      --help               show this help

    Exit status: 0 intact; 1 something does not match; 2 bad usage; 4 database failure.
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: ["db", "head", "owner-key"], flagNames: [])
        guard parsed.positionals.isEmpty else { throw .usage("verify takes no file names; name the database with --db PATH", command: name) }
        let noted = try parsed.value("head").map { (text) throws(CLIError) in try notedHead(text) }
        let store = try LedgerAccess.open(parsed, session)
        let ownerKey = try parsed.value("owner-key").map { (text) throws(CLIError) in try publicKey(text, option: "--owner-key") }
        let result = try LedgerAccess.run { () throws(StoreError) in try store.verify(notedHead: noted, ownerKey: ownerKey) }
        let head = "Chain head: entry \(result.head.sequence), SHA-256 \(result.head.hash.hexadecimal)\n" + signatureLines(result)
        guard !result.isIntact else {
            session.console.write("Verified \(result.entriesChecked) entries in \(store.path): every hash, link, "
                + "import total, reversal, closed period and project definition "
                + "matches\(noted.map { ", entry \($0.sequence) is the noted \($0.hashPrefix.prefix(16))…" } ?? ""), "
                + (store.engine == .sqlite ? "and SQLite's integrity check passes.\n"
                   : "and the server's grants, row-level security and checks are as made.\n"))
            if let noted {
                let after = result.entriesAfterNotedHead
                let authors = Array(Set(after.map(\.author))).sorted().joined(separator: ", ")
                session.console.write(after.isEmpty ? "No entries after the noted head.\n"
                                      : "\(after.count) entr\(after.count == 1 ? "y" : "ies") after the noted head "
                                          + "(\(noted.sequence + 1)–\(after.last!.sequence)), signed by \(authors).\n")
            }
            session.console.write(ownerLine(result, noted: ownerKey != nil) + head)
            return .success
        }
        let first = result.problems[0]
        session.console.write("Verification FAILED for \(store.path): \(result.problems.count) mismatch\(result.problems.count == 1 ? "" : "es") in \(result.entriesChecked) entries.\n")
        if let sequence = first.sequence { session.console.write("First entry that does not match: \(sequence)\n") }
        for problem in result.problems { session.console.write("  \(problem.message)\n") }
        session.console.write(head)
        return .findings
    }

    /// Who owns the ledger and what is signed, said once.
    private static func ownerLine(_ result: LedgerStore.Verification, noted: Bool) -> String {
        guard let owner = result.owner else {
            let all = result.entriesChecked == 1 ? "its one entry was" : "all \(result.entriesChecked) entries were"
            return result.entriesChecked == 0 ? "" : "Signatures: none; \(all) recorded before GrantLedger signed its entries, and "
                + "the ledger has no owner yet ('grantledger init' claims it).\n"
        }
        let old = result.unsignedEntries == 1 ? "entry 1 was" : "entries 1–\(result.unsignedEntries) were"
        let unsigned = result.unsignedEntries == 0 ? "" : "; \(old) recorded before GrantLedger signed its entries and are unsigned"
        let signed = result.entriesChecked - result.unsignedEntries
        return "Signatures: \(signed) entr\(signed == 1 ? "y" : "ies") signed by keys the ledger registered\(unsigned). "
            + "Owner: \(owner.name), key \(owner.publicKey)\(noted ? ", the noted owner key" : "").\n"
    }

    /// The head's signature, which `verify-head` checks on its own.
    private static func signatureLines(_ result: LedgerStore.Verification) -> String {
        guard let (signature, signer) = result.headSignature, let key = signature.publicKey else { return "" }
        return "Head signature: \(signature.signature.hexadecimal)\nSigned by \(signer), key \(key)\n"
    }

    /// A public key given on the command line: 64 hexadecimal digits.
    static func publicKey(_ text: String, option: String) throws(CLIError) -> Ed25519.PublicKey {
        guard let key = Ed25519.PublicKey(hexadecimal: text) else {
            throw .usage("\(option) \(text) is not a public key; expected 64 hexadecimal digits, as init and key create print them",
                         command: name)
        }
        return key
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
