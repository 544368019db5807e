/// How amounts are written for people: decimal mark and digit grouping. A display choice,
/// never part of the amount itself.
public struct AmountFormat: Hashable, Sendable {
    /// The decimal mark written.
    public let decimalMark: DecimalMark
    /// The character between groups of three digits, or nil for none.
    public let groupSeparator: Character?

    /// A format with this decimal mark and grouping.
    public init(decimalMark: DecimalMark, groupSeparator: Character?) {
        precondition(groupSeparator.map { decimalMark.groupSeparators.contains($0) } ?? true,
                     "The group separator must be one the decimal mark allows, or amounts would not read back")
        self.decimalMark = decimalMark
        self.groupSeparator = groupSeparator
    }

    /// English: 325,267.50
    public static let en = AmountFormat(decimalMark: .point, groupSeparator: ",")
    /// Latvian: 325 267,50
    public static let lv = AmountFormat(decimalMark: .comma, groupSeparator: " ")
    /// Machine-readable: 325267.50, as in CSV exchange files and JSON.
    public static let plain = AmountFormat(decimalMark: .point, groupSeparator: nil)

    /// `amount` written with every decimal the currency has, e.g. `-1,234.50`.
    public func format(_ amount: Money) -> String {
        // Written from the last digit backwards, as UTF-8 bytes (a separator may take several).
        var reversed: [UInt8] = []
        reversed.reserveCapacity(40)
        var rest = amount.minorUnits.magnitude
        func nextDigit() {
            reversed.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        }
        let decimals = amount.currency.minorUnitDigits
        if decimals > 0 {
            for _ in 0..<decimals { nextDigit() }
            reversed.append(contentsOf: String(decimalMark.character).utf8.reversed())
        }
        let separator = groupSeparator.map { Array(String($0).utf8.reversed()) } ?? []
        var wholeDigits = 0
        repeat {
            if wholeDigits > 0, wholeDigits % 3 == 0 { reversed.append(contentsOf: separator) }
            nextDigit()
            wholeDigits += 1
        } while rest > 0
        if amount.isNegative { reversed.append(UInt8(ascii: "-")) }
        return String(decoding: reversed.reversed(), as: UTF8.self)
    }

    /// `amount` with its sign always shown, as differences are written: `+0.01`, `-0.01`.
    public func signed(_ amount: Money) -> String {
        amount.isNegative ? format(amount) : "+" + format(amount)
    }
}
