import Testing
@testable import GrantCore

@Suite("A control's sample: risk first, then the draw")
struct ControlSampleTests {
    func euros(_ minorUnits: Int64) -> Money { Money(unchecked: minorUnits, currency: .euro) }

    func line(_ entry: Int64, _ category: String, _ cents: Int64, gross: Int64? = nil, vat: Bool = false,
              reincluded: Bool = false) -> ControlSample.Line {
        ControlSample.Line(entry: entry, categoryID: category, declared: euros(cents), invoiceGross: euros(gross ?? cents),
                           hasVAT: vat, reincluded: reincluded)
    }

    var lines: [ControlSample.Line] {
        [line(1, "staff", 300_000), line(2, "travel", 12_000, vat: true), line(3, "equipment", 900_000),
         line(4, "external", 40_000, gross: 6_000_000), line(5, "travel", 8_000, reincluded: true),
         line(6, "external", 20_000), line(7, "travel", -1_500), line(8, "external", 15_000)]
    }

    let rules: [RiskRule] = [.category("staff"), .amountAbove(Money(unchecked: 500_000, currency: .euro)),
                             .procurementFrom(Money(unchecked: 5_000_000, currency: .euro)),
                             .vatWhenProjectAbove(Money(unchecked: 500_000_000, currency: .euro)), .reincluded]

    @Test("each risk rule takes its lines, the first rule that applies named; the rest above zero is drawn from")
    func risk() throws {
        let sample = try ControlSample(lines: lines, rules: rules, projectTotal: euros(38_266_765), confidence: .ninetyFive,
                                       tolerable: .percent(2), seed: [UInt8](repeating: 0, count: 32))
        #expect(sample.risk.map(\.line.entry) == [1, 3, 4, 5])
        #expect(sample.risk.map(\.rule.sentence) == ["every line of staff", "every line above 5,000.00 EUR",
                                                     "every line of an invoice of 50,000.00 EUR or more (procurement)",
                                                     "every line parked before and included again"])
        // The project's 382,667.65 is below 5,000,000.00: the VAT line is not taken on risk.
        #expect(sample.draw.lineCount == 3)
        #expect(sample.draw.bookValue == euros(47_000))
        #expect(sample.outside.map(\.entry) == [7])
        #expect(sample.entries == [1, 2, 3, 4, 5, 6, 8])  // three lines for a sample of 150: every one examined
    }

    @Test("above 5,000,000.00 in all, every VAT line is taken")
    func vatAboveFiveMillion() throws {
        let sample = try ControlSample(lines: lines, rules: rules, projectTotal: euros(500_000_001), confidence: .ninetyFive,
                                       tolerable: .percent(2), seed: [UInt8](repeating: 0, count: 32))
        #expect(sample.risk.map(\.line.entry) == [1, 2, 3, 4, 5])
    }

    @Test("the seed is fixed by the chain head and the report, and changes with either")
    func seed() {
        let head = [UInt8](repeating: 0xab, count: 32)
        let seed = ControlSample.seed(chainHead: head, partnerID: "LP", report: 1)
        #expect(seed == ControlSample.seed(chainHead: head, partnerID: "LP", report: 1))
        #expect(seed != ControlSample.seed(chainHead: head, partnerID: "LP", report: 2))
        #expect(seed != ControlSample.seed(chainHead: head, partnerID: "PP2", report: 1))
        #expect(seed != ControlSample.seed(chainHead: [UInt8](repeating: 0xac, count: 32), partnerID: "LP", report: 1))
        // Anyone can draw it again: (printf 'grantledger control sample\n'; head -c 32 /dev/zero | tr '\0' '\253';
        // printf '\nLP\n1\n') | sha256sum
        #expect(seed.hexadecimal == "772b5cf65eb8777985bd00ecfbc9b1941ccbf4229d530d2761005a7b037c8ba0")
    }
}
