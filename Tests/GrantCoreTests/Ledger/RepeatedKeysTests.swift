import Testing
import TestSupport
@testable import GrantCore

/// `RepeatedKeys.among` against counting with a dictionary: the same repeated keys, whether a
/// bucket holds a couple of keys (sorted by insertion) or many sharing their top bits.
@Suite("Repeated keys")
struct RepeatedKeysTests {
    static func counted(_ keys: [UInt64]) -> Set<UInt64> {
        Set(Dictionary(keys.map { ($0, 1) }, uniquingKeysWith: +).filter { $0.value > 1 }.keys)
    }

    @Test("none, one pair, and a key three times", arguments: [
        ([], []), ([1, 2, 3], []), ([5, 9, 5], [5]), ([7, 7, 7, 1], [7]),
        ([UInt64.max, 0, UInt64.max, 0], [0, UInt64.max]),
    ] as [([UInt64], Set<UInt64>)])
    func examples(keys: [UInt64], expected: Set<UInt64>) {
        #expect(RepeatedKeys.among(keys) == expected)
    }

    @Test("20,000 random keys with 300 planted repeats, 40 of them among 200 keys sharing their top 20 bits")
    func randomKeys() {
        var generator = SeededGenerator(seed: 2_026_11_22)
        var keys = (0..<20_000).map { _ in UInt64.random(in: .min ... .max, using: &generator) }
        // One crowded bucket: more keys than insertion sorting takes.
        keys += (0..<200).map { _ in 0xABCD_E000_0000_0000 | UInt64.random(in: 0..<(1 << 44), using: &generator) }
        for _ in 0..<260 { keys.append(keys[Int.random(in: 0..<20_000, using: &generator)]) }
        for _ in 0..<40 { keys.append(keys[Int.random(in: 20_000..<20_200, using: &generator)]) }
        keys.shuffle(using: &generator)
        let expected = Self.counted(keys)
        #expect(expected.count > 250)
        let found = RepeatedKeys.among(keys)
        #expect(found.count == expected.count)
        #expect(found.symmetricDifference(expected).isEmpty, "keys found or missed wrongly")
    }
}
