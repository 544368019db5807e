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
        let digits = amount.currency.minorUnitDigits
        var text = String(amount.minorUnits.magnitude)
        if text.count <= digits { text = String(repeating: "0", count: digits + 1 - text.count) + text }
        let whole = text.dropLast(digits)
        let fraction = text.suffix(digits)
        var result = grouped(whole)
        if digits > 0 { result += String(decimalMark.character) + fraction }
        return amount.isNegative ? "-" + result : result
    }

    /// `amount` with its sign always shown, as differences are written: `+0.01`, `-0.01`.
    public func signed(_ amount: Money) -> String {
        amount.isNegative ? format(amount) : "+" + format(amount)
    }

    private func grouped(_ digits: Substring) -> String {
        guard let separator = groupSeparator, digits.count > 3 else { return String(digits) }
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(separator) }
            result.append(digit)
        }
        return result
    }
}
