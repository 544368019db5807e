/// An ISO 4217 currency and the number of decimal digits of its minor unit.
///
/// It is held as two small integers, not a string: every amount carries its currency, and a
/// million lines' amounts are copied, added (same currency?) and summed without a string's
/// reference counting or comparison.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The code's three ASCII letters, the first in the lowest byte.
    private let letters: UInt32
    private let digits: UInt8

    /// The currency with this ISO 4217 code, or nil when the code is not one the engine knows.
    public init?(code: String) {
        guard let digits = Currency.minorUnitDigitsByCode[code] else { return nil }
        letters = code.utf8.reversed().reduce(0) { $0 << 8 | UInt32($1) }
        self.digits = UInt8(digits)
    }

    /// The three-letter ISO 4217 code, e.g. `EUR`.
    public var code: String {
        String(decoding: (0..<3).map { UInt8(truncatingIfNeeded: letters >> ($0 * 8)) }, as: UTF8.self)
    }

    /// Digits of the minor unit: 2 for the euro (cents), 0 for the yen, 3 for the dinar.
    public var minorUnitDigits: Int { Int(digits) }

    public var description: String { code }

    /// The euro, the currency of every Interreg and EEA grant.
    public static let euro = Currency(code: "EUR")!

    /// The codes the engine accepts: the currencies of EU, EEA and Norway Grants countries, the
    /// ones their programmes convert from, and the pre-euro Baltic currencies of older projects.
    public static var knownCodes: [String] { minorUnitDigitsByCode.keys.sorted() }

    private static let minorUnitDigitsByCode: [String: Int] = [
        "EUR": 2, "USD": 2, "GBP": 2, "CHF": 2, "NOK": 2, "SEK": 2, "DKK": 2, "ISK": 0,
        "PLN": 2, "CZK": 2, "HUF": 2, "RON": 2, "BGN": 2, "HRK": 2, "RUB": 2, "BYN": 2,
        "UAH": 2, "JPY": 0, "CAD": 2, "AUD": 2, "LVL": 2, "LTL": 2, "EEK": 2, "KWD": 3,
        "BHD": 3, "TND": 3,
    ]

    /// Ten to the power of the minor unit digits: minor units in one major unit.
    var minorUnitsPerMajorUnit: Int64 {
        var result: Int64 = 1
        for _ in 0..<minorUnitDigits { result *= 10 }
        return result
    }
}
