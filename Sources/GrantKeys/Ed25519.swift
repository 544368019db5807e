import CSodium
import GrantCore

/// Ed25519 signatures through libsodium: the public key that names a ledger author, the secret
/// key (its 32-byte seed) that signs, and the check of a signature. Pure computation, no I/O.
public enum Ed25519 {
    /// libsodium must be set up once before use; `sodium_init` is safe to call again.
    private static let ready: Bool = sodium_init() >= 0

    static func prepare() {
        precondition(ready, "libsodium could not be initialised")
    }

    /// A public key: 32 bytes, written as 64 lower-case hexadecimal digits.
    public struct PublicKey: Hashable, Sendable, CustomStringConvertible {
        public let bytes: [UInt8]

        public init?(bytes: [UInt8]) {
            guard bytes.count == 32 else { return nil }
            self.bytes = bytes
        }

        /// Reads 64 hexadecimal digits (either case).
        public init?(hexadecimal text: String) {
            guard text.utf8.count == 64, let bytes = LedgerEntry.bytes(hexadecimal: text.lowercased()) else { return nil }
            self.bytes = bytes
        }

        public var description: String { bytes.hexadecimal }

        /// The first 16 digits, enough to tell keys apart in a listing.
        public var short: String { String(description.prefix(16)) }
    }

    /// A secret key: the 32-byte seed the signing key pair is made from.
    public struct SecretKey: Sendable {
        public let seed: [UInt8]
        public let publicKey: PublicKey
        private let expanded: [UInt8]

        public init?(seed: [UInt8]) {
            guard seed.count == 32 else { return nil }
            Ed25519.prepare()
            var publicBytes = [UInt8](repeating: 0, count: 32)
            var expanded = [UInt8](repeating: 0, count: 64)
            guard crypto_sign_seed_keypair(&publicBytes, &expanded, seed) == 0, let key = PublicKey(bytes: publicBytes) else { return nil }
            self.seed = seed
            self.publicKey = key
            self.expanded = expanded
        }

        /// A new key from the system's random source.
        public static func generate() -> SecretKey {
            Ed25519.prepare()
            var seed = [UInt8](repeating: 0, count: 32)
            randombytes_buf(&seed, 32)
            return SecretKey(seed: seed)!
        }

        /// The 64-byte signature of `message` (deterministic: the same key and message give the same bytes).
        public func sign(_ message: [UInt8]) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: 64)
            var length: UInt64 = 0
            let status = crypto_sign_detached(&signature, &length, message, UInt64(message.count), expanded)
            precondition(status == 0 && length == 64, "libsodium failed to sign")
            return signature
        }
    }

    /// Whether `signature` is `key`'s signature of `message`.
    public static func isValid(signature: [UInt8], of message: [UInt8], by key: PublicKey) -> Bool {
        prepare()
        guard signature.count == 64 else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), key.bytes) == 0
    }
}
