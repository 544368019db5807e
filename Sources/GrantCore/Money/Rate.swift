/// An exact rate, stored in hundred-millionths: a percentage to six decimal places.
///
/// 85% is 85_000_000; 0.000001% is 1. No binary floating point is involved anywhere.
public struct Rate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Hundred-millionths in one whole (100%).
    public static let scale: Int64 = 100_000_000

    /// The rate as a count of hundred-millionths.
    public let hundredMillionths: Int64

    /// A rate of `hundredMillionths` / 10⁸; negative rates are a programmer error.
    public init(hundredMillionths: Int64) {
        precondition(hundredMillionths >= 0, "A rate is never negative")
        self.hundredMillionths = hundredMillionths
    }

    /// A whole percentage, e.g. `Rate.percent(85)`.
    public static func percent(_ whole: Int64) -> Rate {
        Rate(hundredMillionths: whole * (scale / 100))
    }

    /// Parses a percentage such as `85`, `85%`, `15.5 %` or `12.345678`, with a point as the
    /// decimal mark and at most six decimal places.
    public init(percentText text: String) throws(RateSyntaxError) {
        var body = Substring(text)
        if body.hasSuffix("%") { body = body.dropLast() }
        while body.last == " " { body = body.dropLast() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigit) else {
            throw .notAPercentage(text)
        }
        let fraction = parts.count == 2 ? parts[1] : ""
        guard parts.count == 1 || (!fraction.isEmpty && fraction.allSatisfy(\.isASCIIDigit)) else {
            throw .notAPercentage(text)
        }
        let percentDigitsMax = Limits.rateFractionDigitsMax - 2
        guard fraction.count <= percentDigitsMax else {
            throw .tooManyDecimals(text, allowed: percentDigitsMax)
        }
        guard whole.count <= 9, let wholeValue = Int64(whole) else { throw .tooLarge(text) }
        let padded = fraction + String(repeating: "0", count: percentDigitsMax - fraction.count)
        self.init(hundredMillionths: wholeValue * 1_000_000 + (Int64(padded) ?? 0))
    }

    /// The rate as a percentage with only the decimals it needs: `85%`, `15.5%`.
    public var description: String { percentText + "%" }

    /// The percentage without its sign: `85`, `15.5`, `0.000001`.
    public var percentText: String {
        let perMillionOfPercent = hundredMillionths  // 10⁻⁸ of one is 10⁻⁶ of a percent.
        let whole = perMillionOfPercent / 1_000_000
        var fraction = String(perMillionOfPercent % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)" : "\(whole).\(fraction)"
    }

    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.hundredMillionths < rhs.hundredMillionths }

    /// The smallest amount whose share at this rate, rounded down, reaches `share`:
    /// the total a capped fund amount needs. The rate must be above zero.
    public func smallestBase(reaching share: Money) throws(MoneyError) -> Money {
        precondition(hundredMillionths > 0, "No base reaches a share at a zero rate")
        let numerator = Int128(share.minorUnits) * Int128(Rate.scale)
        let base = RoundingMode.ceiling.divide(numerator, by: Int128(hundredMillionths))
        return try Money(checked128: base, currency: share.currency, operation: "find a rate's base")
    }
}

/// Why a text is not a percentage.
public enum RateSyntaxError: Error, Equatable, Sendable {
    case notAPercentage(String)
    case tooManyDecimals(String, allowed: Int)
    case tooLarge(String)

    /// The sentence a person reads.
    public var message: String {
        switch self {
        case .notAPercentage(let text):
            "\"\(text)\" is not a percentage; expected digits with an optional point and decimals, e.g. 85 or 15.5%"
        case .tooManyDecimals(let text, let allowed):
            "\"\(text)\" has more than \(allowed) decimal places; a rate is exact to \(allowed) places of a percent"
        case .tooLarge(let text):
            "\"\(text)\" is too large to be a rate"
        }
    }
}

extension Character {
    /// True for the ASCII digits 0–9 only (not other scripts' digits, which amounts never use).
    var isASCIIDigit: Bool { asciiDigit != nil }

    /// The value of an ASCII digit 0–9; nil for any other character. (By the ASCII value, not
    /// `wholeNumberValue`, which looks the character up in Unicode's tables.)
    var asciiDigit: Int64? {
        guard let value = asciiValue, value &- UInt8(ascii: "0") < 10 else { return nil }
        return Int64(value &- UInt8(ascii: "0"))
    }
}
