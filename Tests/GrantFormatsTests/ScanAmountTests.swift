import GrantCore
import Testing
import TestSupport
@testable import GrantFormats

/// The fast reading's amounts (`ExpenditureScan.cents`) against the full reader's parser: every
/// amount the scan takes must be the parser's value to the cent, so the scan may only ever be
/// stricter, never read an amount differently.
@Suite("Scanned amounts against the amount parser")
struct ScanAmountTests {
    static func cents(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBufferPointer { ExpenditureScan.cents($0) }
    }

    @Test("amounts the scan takes, and the ones it leaves to the full reader", arguments: [
        ("1234.50", Int64?(123_450)), ("1234", 123_400), ("0.07", 7), ("007.50", 750), ("999999999999999.99", 99_999_999_999_999_999),
        ("1234.5", nil), ("1234.505", nil), ("1,234.50", nil), ("-10.00", nil), (" 1.00", nil), ("", nil), (".50", nil),
        ("1234.", nil), ("1000000000000000.00", nil), ("1e3", nil),
    ])
    func examples(text: String, expected: Int64?) {
        #expect(Self.cents(text) == expected)
    }

    @Test("20,000 random amount texts: whatever the scan takes, the parser reads to the same cent")
    func agreesWithParser() throws {
        var generator = SeededGenerator(seed: 2_026_11_22)
        let alphabet = Array("0123456789.,- ")
        let parser = AmountParser(decimalMark: .point, currency: .euro)
        var taken = 0
        for _ in 0..<20_000 {
            let length = Int.random(in: 1...18, using: &generator)
            // Mostly digits, so that many texts are amounts at all.
            let text = String((0..<length).map { _ in Int.random(in: 0..<4, using: &generator) == 0 ? alphabet.randomElement(using: &generator)! : alphabet[Int.random(in: 0..<10, using: &generator)] })
            guard let scanned = Self.cents(text) else { continue }
            taken += 1
            let parsed = try parser.parse(text)
            #expect(parsed.minorUnits == scanned, "\(text)")
        }
        #expect(taken > 5_000, "enough amounts were taken to compare: \(taken)")
    }
}
