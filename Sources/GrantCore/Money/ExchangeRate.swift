/// A conversion rate as the Commission publishes it (InforEuro): units of a currency per one
/// euro, exact to six decimal places. 1 EUR = 9.6873 NOK is `ExchangeRate(currency: NOK, …)`.
public struct ExchangeRate: Hashable, Sendable, CustomStringConvertible {
    /// Millionths in one unit.
    public static let scale: Int64 = 1_000_000
    /// Decimal places a rate may carry.
    public static let fractionDigitsMax = 6

    /// The currency converted from.
    public let currency: Currency
    /// Units of `currency` per euro, in millionths: 9.6873 is 9_687_300.
    public let unitsPerEuroMillionths: Int64

    public init(currency: Currency, unitsPerEuroMillionths: Int64) {
        precondition(unitsPerEuroMillionths > 0, "An exchange rate is above zero")
        self.currency = currency
        self.unitsPerEuroMillionths = unitsPerEuroMillionths
    }

    /// Reads a rate such as `9.6873` (a point as decimal mark, at most six decimals, above zero).
    public init(currency: Currency, text: String) throws(ExchangeRateError) {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.count <= 12, whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit),
              parts.count == 1 || !fraction.isEmpty else { throw .notARate(text) }
        guard fraction.count <= Self.fractionDigitsMax else { throw .tooManyDecimals(text) }
        let padded = fraction + String(repeating: "0", count: Self.fractionDigitsMax - fraction.count)
        let value = Int64(whole)! * Self.scale + Int64(padded)!
        guard value > 0 else { throw .zero(text) }
        self.init(currency: currency, unitsPerEuroMillionths: value)
    }

    /// The rate as written: `9.6873`.
    public var description: String {
        var fraction = String(unitsPerEuroMillionths % Self.scale)
        fraction = String(repeating: "0", count: Self.fractionDigitsMax - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        let whole = unitsPerEuroMillionths / Self.scale
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }

    /// `amount` (in this rate's currency) in euro: amount ÷ rate, brought to the cent by `rounding`.
    public func euros(for amount: Money, rounding: RoundingMode) throws(MoneyError) -> Money {
        precondition(amount.currency == currency, "Converted \(amount.currency) at a \(currency) rate")
        let euro = Currency.euro
        // euro cents = amount minor units × 10^euroDigits × scale ÷ (rate millionths × 10^sourceDigits)
        let numerator = Int128(amount.minorUnits) * Int128(euro.minorUnitsPerMajorUnit) * Int128(Self.scale)
        let denominator = Int128(unitsPerEuroMillionths) * Int128(currency.minorUnitsPerMajorUnit)
        return try Money(checked128: rounding.divide(numerator, by: denominator), currency: euro, operation: "convert to euro")
    }
}

/// Why a text is not an exchange rate.
public enum ExchangeRateError: Error, Equatable, Sendable {
    case notARate(String)
    case tooManyDecimals(String)
    case zero(String)

    /// The sentence a person reads.
    public var message: String {
        switch self {
        case .notARate(let text): "\"\(text)\" is not an exchange rate; expected units per euro with a decimal point, e.g. 9.6873"
        case .tooManyDecimals(let text): "\"\(text)\" has more than \(ExchangeRate.fractionDigitsMax) decimal places"
        case .zero(let text): "\"\(text)\" is zero; a rate is above zero"
        }
    }
}
