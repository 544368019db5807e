import Testing
import TestSupport
@testable import GrantCore

@Suite("Strict amount parsing and formatting")
struct AmountParserTests {
    static let point = AmountParser(decimalMark: .point, currency: .euro)
    static let comma = AmountParser(decimalMark: .comma, currency: .euro)

    @Test("accepted forms, each to the exact cent", arguments: [
        ("325267.50", DecimalMark.point, Int64(32_526_750)),
        ("325267.5", .point, 32_526_750),
        ("325,267.50", .point, 32_526_750),
        ("325 267.50", .point, 32_526_750),
        ("1,234,567.89", .point, 123_456_789),
        ("-12.30", .point, -1_230),
        ("(12.30)", .point, -1_230),
        ("\u{2212}12.30", .point, -1_230),
        ("  42  ", .point, 4_200),
        ("0.07", .point, 7),
        ("325 267,50", .comma, 32_526_750),
        ("325\u{00A0}267,50", .comma, 32_526_750),
        ("325\u{202F}267,50", .comma, 32_526_750),
        ("325\u{2009}267,50", .comma, 32_526_750),
        ("325.267,50", .comma, 32_526_750),
        ("215092,6", .comma, 21_509_260),
        ("(1 000,00)", .comma, -100_000),
        ("1,50", .comma, 150),
    ])
    func accepts(text: String, mark: DecimalMark, minorUnits: Int64) throws {
        let parser = AmountParser(decimalMark: mark, currency: .euro)
        #expect(try parser.parse(text).minorUnits == minorUnits)
    }

    @Test("rejected forms, each with the reason and where", arguments: [
        ("", DecimalMark.point, AmountSyntaxError.empty),
        ("   ", .point, .empty),
        ("12.345", .point, .tooManyDecimals(found: 3, allowed: 2, offset: 3)),
        ("12.30 EUR", .point, .unexpected(" ", offset: 5)),
        ("12.3O", .point, .unexpected("O", offset: 4)),
        ("1O.00", .point, .unexpected("O", offset: 1)),
        ("EUR 12", .point, .unexpected("E", offset: 0)),
        ("12.", .point, .noDigitsAfterDecimalMark(offset: 2)),
        (".50", .point, .unexpected(".", offset: 0)),
        ("-", .point, .noDigits),
        ("1,5", .point, .misplacedGrouping(offset: 3)),
        ("12,34.00", .point, .misplacedGrouping(offset: 5)),
        ("1,234 567.00", .point, .mixedGrouping(offset: 5)),
        ("(12.30", .point, .unclosedParenthesis(offset: 0)),
        ("12.30.", .point, .unexpected(".", offset: 5)),
        ("92233720368547758.08", .point, .outOfRange),
        // Found by the bad-input corpus: twenty digits overflowed the fast path instead of being refused.
        ("99999999999999999999.00", .point, .outOfRange),
        ("1.0000000000000000000001", .point, .tooManyDecimals(found: 22, allowed: 2, offset: 2)),
    ])
    func rejects(text: String, mark: DecimalMark, error: AmountSyntaxError) {
        let parser = AmountParser(decimalMark: mark, currency: .euro)
        #expect(throws: error) { try parser.parse(text) }
    }

    @Test("formats for English and Latvian readers")
    func formats() throws {
        let amount = try Money(minorUnits: 32_526_750, currency: .euro)
        #expect(AmountFormat.en.format(amount) == "325,267.50")
        #expect(AmountFormat.lv.format(amount) == "325 267,50")
        #expect(AmountFormat.plain.format(amount) == "325267.50")
        #expect(AmountFormat.en.format(amount.negated) == "-325,267.50")
        #expect(AmountFormat.en.format(try Money(minorUnits: 7, currency: .euro)) == "0.07")
        #expect(AmountFormat.lv.format(try Money(minorUnits: -100_000, currency: .euro)) == "-1 000,00")
        let yen = try #require(Currency(code: "JPY"))
        #expect(AmountFormat.en.format(try Money(minorUnits: 1_234_567, currency: yen)) == "1,234,567")
    }

    @Test("format then parse gives back the amount: 20,000 random amounts in three formats")
    func roundTrip() throws {
        var random = SeededGenerator(seed: 129_617_53)
        let formats: [(AmountFormat, AmountParser)] = [(.en, Self.point), (.lv, Self.comma), (.plain, Self.point)]
        for _ in 0..<20_000 {
            let magnitude = Int64.random(in: 0...Int64.max, using: &random) >> Int64.random(in: 0...62, using: &random)
            let amount = try Money(minorUnits: Bool.random(using: &random) ? -magnitude : magnitude, currency: .euro)
            for (format, parser) in formats {
                #expect(try parser.parse(format.format(amount)) == amount)
            }
        }
    }
}

@Suite("Rates")
struct RateTests {
    @Test("percentages read exactly", arguments: [
        ("85", Int64(85_000_000)), ("85%", 85_000_000), ("15.5 %", 15_500_000), ("0.000001", 1), ("100", 100_000_000),
    ])
    func reads(text: String, hundredMillionths: Int64) throws {
        #expect(try Rate(percentText: text).hundredMillionths == hundredMillionths)
    }

    @Test("bad percentages are refused with the reason")
    func refuses() {
        #expect(throws: RateSyntaxError.tooManyDecimals("1.2345678", allowed: 6)) { try Rate(percentText: "1.2345678") }
        #expect(throws: RateSyntaxError.notAPercentage("85,5")) { try Rate(percentText: "85,5") }
        #expect(throws: RateSyntaxError.notAPercentage("")) { try Rate(percentText: "") }
    }

    @Test("rates print with only the decimals they need")
    func prints() throws {
        #expect(Rate.percent(85).description == "85%")
        #expect(try Rate(percentText: "15.50").description == "15.5%")
        #expect(Rate(hundredMillionths: 1).description == "0.000001%")
    }
}
