import Testing
@testable import GrantCore

@Suite("Monetary-unit sampling and the error projection")
struct MonetaryUnitSampleTests {
    func euros(_ minorUnits: Int64) -> Money { Money(unchecked: minorUnits, currency: .euro) }

    /// Ten lines, 25,001.05 EUR in all.
    var population: [MonetaryUnitSample.Line] {
        [100_000, 25_000, 500_000, 7_550, 1_200_000, 43_000, 222_222, 9_000, 333_333, 60_000].enumerated().map {
            MonetaryUnitSample.Line(entry: Int64($0.offset + 1), amount: euros($0.element))
        }
    }

    /// A seed whose first eight bytes are 65,536.
    let seed: [UInt8] = [0, 0, 0, 0, 0, 1, 0, 0] + [UInt8](repeating: 0xff, count: 24)

    @Test("the sample size is the reliability factor over the tolerable error, rounded up")
    func sizes() {
        #expect(MonetaryUnitSample.size(confidence: .ninetyFive, tolerable: .percent(2)) == 150)
        #expect(MonetaryUnitSample.size(confidence: .ninety, tolerable: .percent(2)) == 116)  // 2.31 ÷ 2% = 115.5
        #expect(MonetaryUnitSample.size(confidence: .ninetyNine, tolerable: .percent(2)) == 231)  // 4.61 ÷ 2% = 230.5
        #expect(MonetaryUnitSample.size(confidence: .ninetyFive, tolerable: .percent(60)) == 5)
    }

    @Test("beyond ten errors each further error adds the table's last step")
    func factorsBeyondTheTable() {
        #expect(SamplingConfidence.ninetyFive.factor(errors: 10) == 1_696)
        #expect(SamplingConfidence.ninetyFive.factor(errors: 11) == 1_822)
        #expect(SamplingConfidence.ninetyFive.factor(errors: 12) == 1_948)
        #expect(SamplingConfidence(text: "95%") == .ninetyFive)
        #expect(SamplingConfidence(text: "80") == nil)
    }

    @Test("units start + k × 25,001.05 ÷ 5 fall in lines 1, 3, 5 (twice) and 7; line 5 is above one interval")
    func draws() throws {
        let sample = try MonetaryUnitSample(lines: population, confidence: .ninetyFive, tolerable: .percent(60), seed: seed)
        #expect(sample.bookValue == euros(2_500_105))
        #expect(sample.size == 5)
        #expect(sample.start == 65_536)
        #expect(sample.intervalForDisplay == euros(500_021))
        #expect(!sample.census)
        #expect(sample.drawn.map(\.line.entry) == [1, 3, 5, 7])
        #expect(sample.drawn.map(\.hits) == [1, 1, 2, 1])
        // Line 3 is 5,000.00, just under the interval of 5,000.21: drawn, but projected.
        #expect(sample.drawn.map(\.exhaustive) == [false, false, true, false])
    }

    @Test("the same seed draws the same sample; another seed another start")
    func reproducible() throws {
        let first = try MonetaryUnitSample(lines: population, confidence: .ninetyFive, tolerable: .percent(60), seed: seed)
        let again = try MonetaryUnitSample(lines: population, confidence: .ninetyFive, tolerable: .percent(60), seed: seed)
        #expect(first.drawn == again.drawn)
        let other = try MonetaryUnitSample(lines: population, confidence: .ninetyFive, tolerable: .percent(60),
                                           seed: [0, 0, 0, 0, 0, 0, 0, 7])
        #expect(other.start == 7)
        #expect(other.drawn.map(\.line.entry) == [1, 3, 5, 7])
    }

    @Test("projection by hand: taintings 1.0 and 0.1, an exhaustive and a risk error; above 2% materiality")
    func projection() throws {
        let sample = try MonetaryUnitSample(lines: population, confidence: .ninetyFive, tolerable: .percent(60), seed: seed)
        // Line 7 wrong in full (2,222.22), line 1 by 100.00 of 1,000.00, line 5 (exhaustive) by 50.00;
        // 30.00 deducted from lines taken on risk, which declared 1,000.00.
        let projection = try ErrorProjection(sample: sample, errors: [7: euros(222_222), 1: euros(10_000), 5: euros(5_000)],
                                             riskErrors: euros(3_000), declaredTotal: euros(2_600_105),
                                             materialityRate: .percent(2))
        #expect(projection.tainted.map(\.entry) == [7, 1])
        // 2,222.22 × 5,000.21 ÷ 2,222.22 = 5,000.21; 100.00 × 5,000.21 ÷ 1,000.00 = 500.021 → 500.03.
        #expect(projection.tainted.map(\.projected) == [euros(500_021), euros(50_003)])
        // Steps 4.75 − 3.00 = 1.75 and 6.30 − 4.75 = 1.55: 8,750.3675 → 8,750.37; 775.03255 → 775.04.
        #expect(projection.tainted.map(\.factorStep) == [175, 155])
        #expect(projection.tainted.map(\.allowance) == [euros(875_037), euros(77_504)])
        #expect(projection.actualErrors == euros(8_000))
        #expect(projection.projectedError == euros(558_024))
        #expect(projection.basicPrecision == euros(1_500_063))  // 3.00 × 5,000.21
        #expect(projection.upperLimit == euros(2_460_604))
        #expect(projection.materiality == euros(52_002))  // 2% of 26,001.05 = 520.021, rounded down
        #expect(!projection.belowMateriality)
        #expect(projection.errorRateHundredthsOfPercent == 2_146)  // 5,580.24 ÷ 26,001.05 = 21.46%
    }

    @Test("a sample as large as the population examines every line: nothing projected, no basic precision")
    func census() throws {
        let sample = try MonetaryUnitSample(lines: population, confidence: .ninetyFive, tolerable: .percent(2), seed: seed)
        #expect(sample.census)
        #expect(sample.drawn.count == 10)
        #expect(sample.drawn.filter(\.exhaustive).count == 10)
        let projection = try ErrorProjection(sample: sample, errors: [2: euros(1_000)], riskErrors: .zero(.euro),
                                             declaredTotal: euros(2_500_105), materialityRate: .percent(2))
        #expect(projection.tainted.isEmpty)
        #expect(projection.projectedError == euros(1_000))
        #expect(projection.basicPrecision == euros(0))
        #expect(projection.upperLimit == euros(1_000))
        #expect(projection.belowMateriality)  // 10.00 against 500.02
    }
}
