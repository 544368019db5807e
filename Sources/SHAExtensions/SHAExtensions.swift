#if arch(x86_64)
import _Builtin_intrinsics.intel
import Glibc
#endif

/// SHA-256's compression function on the x86 SHA extensions (SHA-NI), about six times as fast as
/// the portable code in `GrantCore.SHA256`, which uses it when `isAvailable`. The module is built
/// with those instructions enabled, so nothing in it may run before `isAvailable` says yes.
public enum SHAExtensions {
    /// Whether this processor has the SHA extensions (Linux lists them as `sha_ni`).
    public static let isAvailable: Bool = {
        #if arch(x86_64)
        guard let file = fopen("/proc/cpuinfo", "r") else { return false }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            guard let line, strncmp(line, "flags", 5) == 0 else { continue }
            return hasFlag(line, "sha_ni") && hasFlag(line, "ssse3")
        }
        return false
        #else
        return false
        #endif
    }()

    /// Whether the flags line `line` lists `flag` as a word of its own (read in place: splitting
    /// the line into strings costs every process a third of a millisecond of start).
    private static func hasFlag(_ line: UnsafePointer<CChar>, _ flag: String) -> Bool {
        let word = " " + flag
        var search = line
        while let found = strstr(search, word) {
            let after = found[word.utf8.count]
            if after == 0 || after == 0x20 || after == 0x09 || after == 0x0A { return true }
            search = UnsafePointer(found + 1)
        }
        return false
    }

    /// SHA-256's 64 round constants (FIPS 180-4, 4.2.2), for these rounds and the portable ones.
    public static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// Compresses `blocks` 64-byte blocks at `data` into the eight state words at `state`.
    /// Call only when `isAvailable`.
    public static func compress(_ state: UnsafeMutablePointer<UInt32>, _ data: UnsafeRawPointer, blocks: Int) {
        #if arch(x86_64)
        precondition(isAvailable, "SHA extensions used on a processor without them")
        Rounds.compress(state, data, blocks: blocks)
        #else
        preconditionFailure("SHA extensions used on a processor without them")
        #endif
    }
}

#if arch(x86_64)
/// The rounds, after Intel's "SHA extensions" white paper: the state is held as ABEF and CDGH,
/// four message words per register, two rounds per `sha256rnds2`.
private enum Rounds {
    typealias Words = SIMD4<UInt32>

    @inline(__always) static func m(_ words: Words) -> __m128i { unsafeBitCast(words, to: __m128i.self) }
    @inline(__always) static func w(_ register: __m128i) -> Words { unsafeBitCast(register, to: Words.self) }


    static func compress(_ state: UnsafeMutablePointer<UInt32>, _ data: UnsafeRawPointer, blocks: Int) {
        var abef = Words(state[5], state[4], state[1], state[0])
        var cdgh = Words(state[7], state[6], state[3], state[2])
        // Message words are big-endian.
        let byteSwap = m(unsafeBitCast(SIMD16<UInt8>(3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12), to: Words.self))
        SHAExtensions.roundConstants.withUnsafeBytes { roundConstants in
            let constants = roundConstants.baseAddress!
            for block in 0..<blocks {
                let bytes = data + block * 64
                let (savedABEF, savedCDGH) = (abef, cdgh)
                func load(_ index: Int) -> Words { w(_mm_shuffle_epi8(m((bytes + 16 * index).loadUnaligned(as: Words.self)), byteSwap)) }
                // The message schedule in four registers, each group's words three groups ahead;
                // written out group by group so that it stays in registers.
                var (m0, m1, m2, m3) = (load(0), load(1), load(2), load(3))
                group(0, &abef, &cdgh, constants, m0, &m3, &m1)
                group(1, &abef, &cdgh, constants, m1, &m0, &m2)
                group(2, &abef, &cdgh, constants, m2, &m1, &m3)
                group(3, &abef, &cdgh, constants, m3, &m2, &m0)
                group(4, &abef, &cdgh, constants, m0, &m3, &m1)
                group(5, &abef, &cdgh, constants, m1, &m0, &m2)
                group(6, &abef, &cdgh, constants, m2, &m1, &m3)
                group(7, &abef, &cdgh, constants, m3, &m2, &m0)
                group(8, &abef, &cdgh, constants, m0, &m3, &m1)
                group(9, &abef, &cdgh, constants, m1, &m0, &m2)
                group(10, &abef, &cdgh, constants, m2, &m1, &m3)
                group(11, &abef, &cdgh, constants, m3, &m2, &m0)
                group(12, &abef, &cdgh, constants, m0, &m3, &m1)
                group(13, &abef, &cdgh, constants, m1, &m0, &m2)
                group(14, &abef, &cdgh, constants, m2, &m1, &m3)
                group(15, &abef, &cdgh, constants, m3, &m2, &m0)
                abef &+= savedABEF
                cdgh &+= savedCDGH
            }
        }
        (state[0], state[1], state[4], state[5]) = (abef[3], abef[2], abef[1], abef[0])
        (state[2], state[3], state[6], state[7]) = (cdgh[3], cdgh[2], cdgh[1], cdgh[0])
    }

    /// Four rounds (group `index` of 16) with the message words `current`; the schedule moves
    /// on: `next` (the words after `current`) takes its second step from `previous` and
    /// `current`, and `previous` its first step for three groups on.
    @inline(__always)
    private static func group(_ index: Int, _ abef: inout Words, _ cdgh: inout Words, _ constants: UnsafeRawPointer,
                              _ current: Words, _ previous: inout Words, _ next: inout Words) {
        let input = current &+ constants.loadUnaligned(fromByteOffset: index * 16, as: Words.self)
        cdgh = w(_mm_sha256rnds2_epu32(m(cdgh), m(abef), m(input)))
        if index >= 3, index <= 14 {
            let joined = Words(previous[1], previous[2], previous[3], current[0])
            next = w(_mm_sha256msg2_epu32(m(next &+ joined), m(current)))
        }
        abef = w(_mm_sha256rnds2_epu32(m(abef), m(cdgh), m(Words(input[2], input[3], input[2], input[3]))))
        if index >= 1, index <= 12 {
            previous = w(_mm_sha256msg1_epu32(m(previous), m(current)))
        }
    }
}
#endif
