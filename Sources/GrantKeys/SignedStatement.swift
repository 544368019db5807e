import GrantCore

/// What a ledger's signatures are over. Each is a short text with its own first line, so a
/// signature of one kind of statement can never pass as another's.
public enum SignedStatement {
    /// A chain head: the hash of the last entry a command appended, which chains every entry
    /// before it (and its own sequence number), so one signature vouches for the whole ledger up
    /// to there. `grantledger verify-head` checks one on its own.
    public static func head(_ hash: [UInt8]) -> [UInt8] {
        Array("grantledger-head/1\n\(hash.hexadecimal)\n".utf8)
    }

    /// The owner's statement at `init` (or when a ledger made before signatures is claimed): the
    /// owner's name and key, and how many entries the ledger already held unsigned.
    public static func owner(name: String, key: Ed25519.PublicKey, unsignedThrough: Int64) -> [UInt8] {
        Array("grantledger-owner/1\n\(name.utf8.count):\(name)\n\(key)\nunsigned-through: \(unsignedThrough)\n".utf8)
    }
}
