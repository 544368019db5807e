import GrantCore
import GrantKeys

/// `grantledger verify-head HEAD SIGNATURE KEY`: checks a chain head's signature on its own,
/// without the ledger, so a head printed in a report is proof of who vouched for the ledger.
struct VerifyHeadCommand {
    static let name = "verify-head"

    static let help = """
    Usage: grantledger verify-head HEAD SIGNATURE KEY

    Checks that SIGNATURE is KEY's Ed25519 signature of the chain head HEAD, as 'grantledger
    verify' prints them ("Chain head: … SHA-256 HEAD", "Head signature: SIGNATURE", "Signed
    by NAME, key KEY"). It needs no ledger: whoever holds a head printed in a report, with its
    signature, can check it was signed by that key. The head vouches for every entry up to it.

    Arguments:
      HEAD               the head's SHA-256: 64 hexadecimal digits
      SIGNATURE          the signature: 128 hexadecimal digits
      KEY                the signer's public key: 64 hexadecimal digits

    Options:
      --help             show this help

    Exit status: 0 the signature holds; 1 it does not; 2 bad usage.

    Example:
      grantledger verify-head 8f1c… 3a9d… 5c8f…
      The signature holds: key 5c8f3e1a… signed chain head 8f1c2b7d….
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: [], flagNames: [])
        guard parsed.positionals.count == 3 else {
            throw .usage("verify-head takes three values: HEAD SIGNATURE KEY", command: name)
        }
        let texts = parsed.positionals.map { $0.lowercased() }
        guard texts[0].utf8.count == 64, let head = LedgerEntry.bytes(hexadecimal: texts[0]) else {
            throw .usage("HEAD \(parsed.positionals[0]) is not a chain head; expected its 64 hexadecimal digits", command: name)
        }
        guard texts[1].utf8.count == 128, let signature = LedgerEntry.bytes(hexadecimal: texts[1]) else {
            throw .usage("SIGNATURE \(parsed.positionals[1]) is not a signature; expected 128 hexadecimal digits", command: name)
        }
        let key = try VerifyCommand.publicKey(parsed.positionals[2], option: "KEY")
        guard Ed25519.isValid(signature: signature, of: SignedStatement.head(head), by: key) else {
            session.console.write("The signature does NOT hold: it is not key \(key.short)…'s signature of chain head "
                + "\(texts[0].prefix(16))….\n")
            return .findings
        }
        session.console.write("The signature holds: key \(key.short)… signed chain head \(texts[0].prefix(16))….\n")
        return .success
    }
}
