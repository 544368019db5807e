import Testing
import TestSupport
@testable import GrantCore

@Suite("Money arithmetic")
struct MoneyTests {
    let eur = Currency.euro

    func euros(_ minorUnits: Int64) -> Money { Money(unchecked: minorUnits, currency: .euro) }

    @Test("85% of the LLI-59 partner totals, truncated, gives the published fund amounts")
    func capOfPublishedTotals() throws {
        let rate = Rate.percent(85)
        #expect(try euros(25_305_012).applying(rate, rounding: .down) == euros(21_509_260))
        #expect(try euros(12_961_753).applying(rate, rounding: .down) == euros(11_017_490))
        #expect(try euros(38_266_765).applying(rate, rounding: .down) == euros(32_526_750))
    }

    @Test("a rate with six decimals of a percent is applied exactly")
    func sixDecimalRate() throws {
        let rate = try Rate(percentText: "12.345678%")
        #expect(rate.hundredMillionths == 12_345_678)
        // 1,000,000.00 × 12.345678% = 123,456.78 exactly.
        #expect(try euros(100_000_000).applying(rate, rounding: .halfUp) == euros(12_345_678))
        // 0.05 × 12.345678% = 0.0061728… → half-up 0.01, down 0.00.
        #expect(try euros(5).applying(rate, rounding: .halfUp) == euros(1))
        #expect(try euros(5).applying(rate, rounding: .down) == euros(0))
    }

    @Test("adding past the range throws instead of wrapping")
    func additionOverflow() throws {
        let large = euros(Int64.max)
        #expect(throws: MoneyError.overflow(operation: "add")) { try large.adding(euros(1)) }
        #expect(throws: MoneyError.overflow(operation: "subtract")) { try euros(-Int64.max).subtracting(euros(1)) }
        #expect(throws: MoneyError.overflow(operation: "multiply")) { try large.multiplied(by: 2) }
        #expect(throws: MoneyError.overflow(operation: "apply a rate")) { try large.applying(.percent(101), rounding: .down) }
        #expect(throws: MoneyError.overflow(operation: "create")) { try Money(minorUnits: Int64.min, currency: .euro) }
    }

    @Test("amounts in two currencies are never added")
    func currencyMismatch() throws {
        let crowns = try Money(minorUnits: 100, currency: #require(Currency(code: "NOK")))
        #expect(throws: MoneyError.currencyMismatch("EUR", "NOK")) { try euros(100).adding(crowns) }
    }

    @Test("no overflow goes unreported: checked sums agree with 128-bit sums on 10,000 random pairs")
    func overflowProperty() {
        var random = SeededGenerator(seed: 20_170_501)
        for _ in 0..<10_000 {
            let left = Int64.random(in: -Int64.max...Int64.max, using: &random) >> Int64.random(in: 0...3, using: &random)
            let right = Int64.random(in: -Int64.max...Int64.max, using: &random) >> Int64.random(in: 0...3, using: &random)
            let exact = Int128(left) + Int128(right)
            let fits = exact > Int128(Int64.min) && exact <= Int128(Int64.max)
            let result = try? euros(left).adding(euros(right))
            #expect(result?.minorUnits == (fits ? Int64(exact) : nil))
        }
    }

    @Test("division names its rounding", arguments: [
        (RoundingMode.down, Int64(3_333)), (.up, 3_334), (.halfUp, 3_333), (.ceiling, 3_334),
    ])
    func division(mode: RoundingMode, expected: Int64) throws {
        #expect(try euros(10_000).divided(by: 3, rounding: mode) == euros(expected))
    }
}
