import Testing
import TestSupport
@testable import GrantCore

@Suite("Largest-remainder allocation")
struct AllocationTests {
    func euros(_ minorUnits: Int64) -> Money { Money(unchecked: minorUnits, currency: .euro) }

    @Test("100.00 in three equal parts: the first part takes the odd cent")
    func equalThirds() throws {
        #expect(try euros(10_000).allocated(overWeights: [1, 1, 1]) == [euros(3_334), euros(3_333), euros(3_333)])
    }

    @Test("the cents left over go to the largest remainders; a tie goes to the earlier part")
    func largestRemainderWins() throws {
        // 0.10 over 1:3:6 → 0.01, 0.03, 0.06 exactly.
        #expect(try euros(10).allocated(overWeights: [1, 3, 6]) == [euros(1), euros(3), euros(6)])
        // 0.07 over 1:3:6 → 0.7, 2.1, 4.2 cents: floors 0, 2, 4 and the one cent left goes to the 0.7.
        #expect(try euros(7).allocated(overWeights: [1, 3, 6]) == [euros(1), euros(2), euros(4)])
        // 0.05 over 1:2:7 → 0.5, 1.0, 3.5 cents: the first and third tie, and the first wins.
        #expect(try euros(5).allocated(overWeights: [1, 2, 7]) == [euros(1), euros(1), euros(3)])
    }

    @Test("a negative amount splits as its magnitude, negated")
    func negativeAmount() throws {
        #expect(try euros(-10_000).allocated(overWeights: [1, 1, 1]) == [euros(-3_334), euros(-3_333), euros(-3_333)])
    }

    @Test("the LLI-59 total splits 85/15 into the published programme and contribution shares")
    func overRates() throws {
        let parts = try euros(38_266_765).allocated(overRates: [.percent(85), .percent(15)])
        #expect(parts == [euros(32_526_750), euros(5_740_015)])
    }

    @Test("bad weights are refused")
    func badWeights() {
        #expect(throws: AllocationError.noParts) { try euros(100).allocated(overWeights: []) }
        #expect(throws: AllocationError.negativeWeight(index: 1)) { try euros(100).allocated(overWeights: [1, -1]) }
        #expect(throws: AllocationError.zeroTotalWeight) { try euros(100).allocated(overWeights: [0, 0]) }
        #expect(throws: AllocationError.tooManyParts(Limits.allocationPartsMax + 1)) {
            try euros(100).allocated(overWeights: Array(repeating: 1, count: Limits.allocationPartsMax + 1))
        }
    }

    @Test("parts always add up to the total: 5,000 random splits")
    func partsAlwaysSum() throws {
        var random = SeededGenerator(seed: 382_667_65)
        for _ in 0..<5_000 {
            let total = euros(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &random))
            let count = Int.random(in: 1...40, using: &random)
            var weights = (0..<count).map { _ in Int64.random(in: 0...1_000_000_000, using: &random) }
            if weights.allSatisfy({ $0 == 0 }) { weights[0] = 1 }
            let parts = try total.allocated(overWeights: weights)
            #expect(try Money.sum(parts, currency: .euro) == total)
            // No part is more than one cent from its exact share.
            let weightSum = weights.reduce(Int128(0)) { $0 + Int128($1) }
            for (part, weight) in zip(parts, weights) {
                let exactTimesSum = Int128(total.minorUnits) * Int128(weight)
                let distance = (Int128(part.minorUnits) * weightSum - exactTimesSum).magnitude
                #expect(distance < weightSum.magnitude)
            }
        }
    }
}
