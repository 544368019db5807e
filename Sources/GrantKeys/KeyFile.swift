import CSodium
import GrantCore

/// A secret key as it is kept on disk: a short text file naming its holder and public key, with
/// the seed in hexadecimal, or sealed under a passphrase (Argon2id stretches the passphrase into
/// a key for XSalsa20-Poly1305; a wrong passphrase fails the seal's authentication).
///
///     grantledger-secret-key/1
///     name: liga
///     public: 3b6a27bc…
///     secret: 9d61b19d…                      (or)
///     sealed: argon2id13 3 67108864 SALT NONCE BOX
public struct KeyFile: Sendable {
    public let name: String
    public let publicKey: Ed25519.PublicKey
    /// The seed in the clear, or sealed.
    public let secret: Secret

    public enum Secret: Sendable {
        case plain([UInt8])
        case sealed(Sealed)
    }

    /// A seed sealed under a passphrase, with what it takes to open it again.
    public struct Sealed: Sendable {
        let operations: UInt64
        let memory: Int
        let salt: [UInt8]
        let nonce: [UInt8]
        let box: [UInt8]
    }

    static let header = "grantledger-secret-key/1"
    /// The most work and memory a sealed file may ask of Argon2id when opened (this version seals
    /// with libsodium's interactive limits, 2 passes over 64 MiB): a damaged file cannot make
    /// opening it take all the machine's memory.
    static let largestOperations: UInt64 = 16
    static let largestMemory = 1 << 30

    /// `key`, named `name`, in the clear or sealed under `passphrase`.
    public init(name: String, key: Ed25519.SecretKey, passphrase: String?) {
        self.name = name
        publicKey = key.publicKey
        secret = passphrase.map { .sealed(Self.seal(key.seed, passphrase: $0)) } ?? .plain(key.seed)
    }

    public var isSealed: Bool {
        if case .sealed = secret { return true }
        return false
    }

    /// The file's text.
    public var text: String {
        let secretLine = switch secret {
        case .plain(let seed): "secret: \(seed.hexadecimal)"
        case .sealed(let sealed):
            "sealed: argon2id13 \(sealed.operations) \(sealed.memory) \(sealed.salt.hexadecimal) \(sealed.nonce.hexadecimal) "
                + sealed.box.hexadecimal
        }
        return "\(Self.header)\nname: \(name)\npublic: \(publicKey)\n\(secretLine)\n"
    }

    /// Reads a key file's text; the reason says what is wrong with it.
    public init(text: String) throws(KeyFileError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        guard lines.first == Self.header else { throw KeyFileError("it does not start with \(Self.header)") }
        var values: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { throw KeyFileError("the line \"\(line)\" is not NAME: VALUE") }
            values[String(line[..<colon])] = String(line[line.index(after: colon)...].drop { $0 == " " })
        }
        guard let name = values["name"], !name.isEmpty else { throw KeyFileError("it names no holder (name:)") }
        guard let key = values["public"].flatMap(Ed25519.PublicKey.init(hexadecimal:)) else {
            throw KeyFileError("its public: line is not a 64-digit public key")
        }
        self.name = name
        publicKey = key
        if let plain = values["secret"] {
            guard let seed = LedgerEntry.bytes(hexadecimal: plain), seed.count == 32 else {
                throw KeyFileError("its secret: line is not 64 hexadecimal digits")
            }
            secret = .plain(seed)
        } else if let sealed = values["sealed"] {
            secret = .sealed(try Self.sealed(sealed))
        } else {
            throw KeyFileError("it holds no secret: or sealed: line")
        }
    }

    /// The secret key; a sealed one needs its passphrase. Throws when the passphrase is wrong or
    /// the seed does not give the public key the file states.
    public func secretKey(passphrase: String?) throws(KeyFileError) -> Ed25519.SecretKey {
        let seed: [UInt8]
        switch secret {
        case .plain(let plain): seed = plain
        case .sealed(let sealed):
            guard let passphrase else { throw KeyFileError("it is sealed under a passphrase, and none was given") }
            guard let opened = Self.open(sealed, passphrase: passphrase) else { throw KeyFileError("the passphrase is wrong") }
            seed = opened
        }
        guard let key = Ed25519.SecretKey(seed: seed), key.publicKey == publicKey else {
            throw KeyFileError("its secret does not give its public key")
        }
        return key
    }

    private static func sealed(_ text: String) throws(KeyFileError) -> Sealed {
        let parts = text.split(separator: " ").map(String.init)
        guard parts.count == 6, parts[0] == "argon2id13", let operations = UInt64(parts[1]), let memory = Int(parts[2]),
              let salt = LedgerEntry.bytes(hexadecimal: parts[3]), salt.count == crypto_pwhash_saltbytes(),
              let nonce = LedgerEntry.bytes(hexadecimal: parts[4]), nonce.count == crypto_secretbox_noncebytes(),
              let box = LedgerEntry.bytes(hexadecimal: parts[5]), box.count == 32 + crypto_secretbox_macbytes(),
              (1...Self.largestOperations).contains(operations), (8192...Self.largestMemory).contains(memory) else {
            throw KeyFileError("its sealed: line is not argon2id13 OPERATIONS MEMORY SALT NONCE BOX")
        }
        return Sealed(operations: operations, memory: memory, salt: salt, nonce: nonce, box: box)
    }

    private static func seal(_ seed: [UInt8], passphrase: String) -> Sealed {
        Ed25519.prepare()
        var salt = [UInt8](repeating: 0, count: crypto_pwhash_saltbytes())
        randombytes_buf(&salt, salt.count)
        var nonce = [UInt8](repeating: 0, count: crypto_secretbox_noncebytes())
        randombytes_buf(&nonce, nonce.count)
        let operations = UInt64(crypto_pwhash_opslimit_interactive())
        let memory = crypto_pwhash_memlimit_interactive()
        let key = stretch(passphrase, salt: salt, operations: operations, memory: memory)!
        var box = [UInt8](repeating: 0, count: seed.count + crypto_secretbox_macbytes())
        precondition(crypto_secretbox_easy(&box, seed, UInt64(seed.count), nonce, key) == 0, "libsodium failed to seal")
        return Sealed(operations: operations, memory: memory, salt: salt, nonce: nonce, box: box)
    }

    private static func open(_ sealed: Sealed, passphrase: String) -> [UInt8]? {
        guard let key = stretch(passphrase, salt: sealed.salt, operations: sealed.operations, memory: sealed.memory) else { return nil }
        var seed = [UInt8](repeating: 0, count: sealed.box.count - crypto_secretbox_macbytes())
        guard crypto_secretbox_open_easy(&seed, sealed.box, UInt64(sealed.box.count), sealed.nonce, key) == 0 else { return nil }
        return seed
    }

    /// The passphrase stretched by Argon2id into a 32-byte key; nil when the limits are out of range.
    private static func stretch(_ passphrase: String, salt: [UInt8], operations: UInt64, memory: Int) -> [UInt8]? {
        var key = [UInt8](repeating: 0, count: 32)
        // A Swift string passes as a C string; the length excludes its terminating zero.
        let status = crypto_pwhash(&key, 32, passphrase, UInt64(passphrase.utf8.count), salt, operations, memory,
                                   crypto_pwhash_alg_argon2id13())
        return status == 0 ? key : nil
    }
}

/// Why a key file cannot be used.
public struct KeyFileError: Error, Equatable, Sendable {
    public let reason: String
    init(_ reason: String) { self.reason = reason }
}
