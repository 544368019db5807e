import SHAExtensions

/// SHA-256 (FIPS 180-4), written here so the audit chain depends on nothing outside the project.
///
/// Feed bytes with `update` in any pieces; `finalize` gives the 32-byte digest. Tested against
/// the NIST example vectors, on both paths: the processor's SHA extensions when it has them
/// (`SHAExtensions`), else the portable rounds below.
public struct SHA256: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
        (0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19)
    private var pending: [UInt8] = []
    private var byteCount: UInt64 = 0

    /// Whether blocks go to the processor's SHA extensions (tests turn it off to check the portable rounds).
    let usesExtensions: Bool

    public init() { self.init(usingExtensions: SHAExtensions.isAvailable) }

    init(usingExtensions: Bool) {
        usesExtensions = usingExtensions && SHAExtensions.isAvailable
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ hash($0) }) { return digest }
        return Array(bytes).withUnsafeBufferPointer { hash($0) }
    }

    /// The digest of `buffer` in one call, padded in place: no copy of the message (a ledger
    /// import hashes a million short entries this way).
    public static func hash(_ buffer: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var hasher = SHA256()
        let whole = buffer.count / 64
        if whole > 0, let base = buffer.baseAddress { hasher.compress(base, blocks: whole) }
        let rest = buffer.count - whole * 64
        let tailBlocks = rest < 56 ? 1 : 2
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
            for index in 0..<rest { tail[index] = buffer[whole * 64 + index] }
            tail[rest] = 0x80
            for index in (rest + 1)..<(tailBlocks * 64 - 8) { tail[index] = 0 }
            let bitLength = UInt64(buffer.count) &* 8
            for index in 0..<8 { tail[tailBlocks * 64 - 8 + index] = UInt8(truncatingIfNeeded: bitLength >> UInt64(56 - index * 8)) }
            hasher.compress(UnsafePointer(tail.baseAddress!), blocks: tailBlocks)
        }
        return hasher.digest
    }

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: some Collection<UInt8>) {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(buffer: $0) }) { return done }
        let copy = Array(bytes)
        copy.withUnsafeBufferPointer { update(buffer: $0) }
    }

    private mutating func update(buffer: UnsafeBufferPointer<UInt8>) {
        byteCount &+= UInt64(buffer.count)
        var offset = 0
        if !pending.isEmpty {
            let taken = min(64 - pending.count, buffer.count)
            pending.append(contentsOf: buffer[0..<taken])
            offset = taken
            guard pending.count == 64 else { return }
            let block = pending
            block.withUnsafeBufferPointer { compress($0.baseAddress!, blocks: 1) }
            pending.removeAll(keepingCapacity: true)
        }
        guard let base = buffer.baseAddress else { return }
        let blocks = (buffer.count - offset) / 64
        if blocks > 0 { compress(base + offset, blocks: blocks) }
        offset += blocks * 64
        pending.append(contentsOf: buffer[offset...])
    }

    /// The digest; the hasher should not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        let bitLength = byteCount &* 8
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        tail.withUnsafeBufferPointer { buffer in compress(buffer.baseAddress!, blocks: tail.count / 64) }
        return digest
    }

    /// The state as the 32-byte digest.
    private var digest: [UInt8] {
        withUnsafeBytes(of: state) { words in
            [UInt8](unsafeUninitializedCapacity: 32) { bytes, count in
                for index in 0..<8 {
                    let word = words.load(fromByteOffset: index * 4, as: UInt32.self)
                    for byte in 0..<4 { bytes[index * 4 + byte] = UInt8(truncatingIfNeeded: word >> UInt32(24 - byte * 8)) }
                }
                count = 32
            }
        }
    }

    @inline(__always)
    private static func rotateRight(_ value: UInt32, _ count: UInt32) -> UInt32 {
        (value >> count) | (value << (32 - count))
    }

    /// Processes `blocks` 64-byte blocks from `start`.
    private mutating func compress(_ start: UnsafePointer<UInt8>, blocks: Int) {
        guard usesExtensions else {
            for index in 0..<blocks { compress(start + index * 64) }
            return
        }
        withUnsafeMutableBytes(of: &state) { words in
            SHAExtensions.compress(words.baseAddress!.assumingMemoryBound(to: UInt32.self), UnsafeRawPointer(start), blocks: blocks)
        }
    }

    /// Processes one 64-byte block at `block` with the portable rounds.
    private mutating func compress(_ block: UnsafePointer<UInt8>) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { words in
            for index in 0..<16 {
                let base = block + index * 4
                words[index] = UInt32(base[0]) << 24 | UInt32(base[1]) << 16 | UInt32(base[2]) << 8 | UInt32(base[3])
            }
            for index in 16..<64 {
                let w15 = words[index - 15]
                let w2 = words[index - 2]
                let sigma0 = Self.rotateRight(w15, 7) ^ Self.rotateRight(w15, 18) ^ (w15 >> 3)
                let sigma1 = Self.rotateRight(w2, 17) ^ Self.rotateRight(w2, 19) ^ (w2 >> 10)
                words[index] = words[index - 16] &+ sigma0 &+ words[index - 7] &+ sigma1
            }
            var (a, b, c, d, e, f, g, h) = state
            SHAExtensions.roundConstants.withUnsafeBufferPointer { constants in
                for index in 0..<64 {
                    let sum1 = Self.rotateRight(e, 6) ^ Self.rotateRight(e, 11) ^ Self.rotateRight(e, 25)
                    let choice = (e & f) ^ (~e & g)
                    let temp1 = h &+ sum1 &+ choice &+ constants[index] &+ words[index]
                    let sum0 = Self.rotateRight(a, 2) ^ Self.rotateRight(a, 13) ^ Self.rotateRight(a, 22)
                    let majority = (a & b) ^ (a & c) ^ (b & c)
                    let temp2 = sum0 &+ majority
                    h = g; g = f; f = e; e = d &+ temp1
                    d = c; c = b; b = a; a = temp1 &+ temp2
                }
            }
            state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
        }
    }
}

extension Array where Element == UInt8 {
    /// The bytes as lower-case hexadecimal, as digests are shown.
    public var hexadecimal: String {
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        for byte in self {
            text.append(CanonicalField.hexDigit(byte >> 4))
            text.append(CanonicalField.hexDigit(byte & 0x0F))
        }
        return String(decoding: text, as: UTF8.self)
    }
}
