import GrantCore
import Testing
@testable import GrantKeys

@Suite("Signing keys")
struct KeyTests {
    /// RFC 8032, section 7.1, TEST 2: a one-byte message.
    @Test("Ed25519 gives RFC 8032's test vector 2, and refuses a changed message, signature or key")
    func rfcVector() throws {
        let seed = try #require(LedgerEntry.bytes(hexadecimal: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb"))
        let key = try #require(Ed25519.SecretKey(seed: seed))
        #expect(key.publicKey.description == "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c")
        let signature = key.sign([0x72])
        #expect(signature.hexadecimal == "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00")
        #expect(Ed25519.isValid(signature: signature, of: [0x72], by: key.publicKey))
        #expect(!Ed25519.isValid(signature: signature, of: [0x73], by: key.publicKey))
        var changed = signature
        changed[10] ^= 1
        #expect(!Ed25519.isValid(signature: changed, of: [0x72], by: key.publicKey))
        #expect(!Ed25519.isValid(signature: signature, of: [0x72], by: Ed25519.SecretKey.generate().publicKey))
        #expect(!Ed25519.isValid(signature: Array(signature.prefix(63)), of: [0x72], by: key.publicKey))
    }

    @Test("a key file reads back; a sealed one opens with its passphrase only")
    func keyFiles() throws {
        let key = Ed25519.SecretKey.generate()
        let plain = KeyFile(name: "liga", key: key, passphrase: nil)
        let read = try KeyFile(text: plain.text)
        #expect(read.name == "liga" && read.publicKey == key.publicKey && !read.isSealed)
        #expect(try read.secretKey(passphrase: nil).seed == key.seed)
        let sealed = try KeyFile(text: KeyFile(name: "inga", key: key, passphrase: "saule un jūra").text)
        #expect(sealed.isSealed && !sealed.text.contains(key.seed.hexadecimal))
        #expect(try sealed.secretKey(passphrase: "saule un jūra").seed == key.seed)
        #expect(throws: KeyFileError("the passphrase is wrong")) { try sealed.secretKey(passphrase: "saule un jura") }
        #expect(throws: KeyFileError("it is sealed under a passphrase, and none was given")) { try sealed.secretKey(passphrase: nil) }
    }

    @Test("a damaged key file is refused with its reason")
    func damagedFiles() throws {
        let text = KeyFile(name: "liga", key: Ed25519.SecretKey.generate(), passphrase: nil).text
        let other = Ed25519.SecretKey.generate().seed.hexadecimal
        let swapped = text.split(separator: "\n").map { $0.hasPrefix("secret: ") ? "secret: \(other)" : String($0) }.joined(separator: "\n")
        #expect(throws: KeyFileError("its secret does not give its public key")) { try KeyFile(text: swapped).secretKey(passphrase: nil) }
        #expect(throws: KeyFileError("it does not start with grantledger-secret-key/1")) { try KeyFile(text: "name: x\n") }
        #expect(throws: KeyFileError("its public: line is not a 64-digit public key")) {
            try KeyFile(text: "grantledger-secret-key/1\nname: x\npublic: 12\nsecret: 00\n")
        }
        let greedy = "grantledger-secret-key/1\nname: x\npublic: \(String(repeating: "ab", count: 32))\n"
            + "sealed: argon2id13 3 99999999999 \(String(repeating: "00", count: 16)) \(String(repeating: "00", count: 24)) "
            + String(repeating: "00", count: 48) + "\n"
        #expect(throws: KeyFileError("its sealed: line is not argon2id13 OPERATIONS MEMORY SALT NONCE BOX")) { try KeyFile(text: greedy) }
    }

    @Test("a head statement names the hash; an owner statement its name, key and unsigned entries")
    func statements() throws {
        let hash = [UInt8](repeating: 0xab, count: 32)
        let hex = String(repeating: "ab", count: 32)
        #expect(String(decoding: SignedStatement.head(hash), as: UTF8.self) == "grantledger-head/1\n\(hex)\n")
        let key = try #require(Ed25519.PublicKey(hexadecimal: String(repeating: "CD", count: 32)))
        #expect(String(decoding: SignedStatement.owner(name: "Līga", key: key, unsignedThrough: 86), as: UTF8.self)
            == "grantledger-owner/1\n5:Līga\n\(String(repeating: "cd", count: 32))\nunsigned-through: 86\n")
    }
}
