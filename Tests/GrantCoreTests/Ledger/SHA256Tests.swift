import SHAExtensions
import Testing
import TestSupport
@testable import GrantCore

@Suite("SHA-256 against the NIST vectors")
struct SHA256Tests {
    /// The FIPS 180-4 examples.
    static let vectors = [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"),
    ]

    @Test("the FIPS 180-4 example messages, on the portable rounds and on the SHA extensions", arguments: [false, true])
    func nistVectors(extensions: Bool) {
        for (message, digest) in Self.vectors {
            var hasher = SHA256(usingExtensions: extensions)
            hasher.update(Array(message.utf8))
            #expect(hasher.finalize().hexadecimal == digest)
        }
    }

    @Test("one million 'a' (the NIST long message), fed in uneven pieces, on both paths", arguments: [false, true])
    func millionA(extensions: Bool) {
        var hasher = SHA256(usingExtensions: extensions)
        var remaining = 1_000_000
        var piece = 1
        while remaining > 0 {
            let size = min(piece, remaining)
            hasher.update(Array(repeating: UInt8(ascii: "a"), count: size))
            remaining -= size
            piece = piece * 3 % 1_000 + 1
        }
        #expect(hasher.finalize().hexadecimal == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("pieces of any size give the same digest as one call: 300 random splits")
    func piecewise() {
        var random = SeededGenerator(seed: 256)
        for _ in 0..<300 {
            let message = (0..<Int.random(in: 0...300, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            var hasher = SHA256()
            var start = 0
            while start < message.count {
                let end = min(message.count, start + Int.random(in: 0...70, using: &random))
                hasher.update(message[start..<end])
                start = end
            }
            #expect(hasher.finalize() == SHA256.hash(message))
        }
    }

    @Test("the SHA extensions give the portable rounds' digest: 500 random messages of up to 5,000 bytes",
          .enabled(if: SHAExtensions.isAvailable, "this processor has no SHA extensions"))
    func extensionsAgree() {
        var random = SeededGenerator(seed: 2026)
        for _ in 0..<500 {
            let message = (0..<Int.random(in: 0...5_000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            var portable = SHA256(usingExtensions: false)
            var extended = SHA256(usingExtensions: true)
            #expect(portable.usesExtensions == false && extended.usesExtensions == true)
            portable.update(message)
            extended.update(message)
            #expect(portable.finalize() == extended.finalize())
        }
    }
}
