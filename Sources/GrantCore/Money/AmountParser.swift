/// Reads written amounts strictly, under one decimal mark.
///
/// Accepts `325267.50`, `325267.5`, `325,267.50`, `325 267,50` (with the matching mark),
/// `-12.30`, `−12.30` and `(12.30)`. Rejects everything else: empty text, trailing text,
/// more decimals than the currency has, groups that are not three digits, mixed grouping
/// characters, a decimal mark with no digits after it.
public struct AmountParser: Sendable {
    /// The decimal mark this parser reads.
    public let decimalMark: DecimalMark
    /// The currency every amount is in; it fixes how many decimals are allowed.
    public let currency: Currency

    /// A parser for amounts in `currency` written with `decimalMark`.
    public init(decimalMark: DecimalMark, currency: Currency) {
        self.decimalMark = decimalMark
        self.currency = currency
    }

    /// The amount `text` denotes; errors carry the offset (in characters) where reading failed.
    public func parse(_ text: String) throws(AmountSyntaxError) -> Money {
        if let plain = parsePlain(text) { return plain }
        let characters = Array(text)
        guard characters.count <= Limits.amountTextLengthMax else { throw .tooLong(characters.count) }
        var start = 0
        var end = characters.count
        while start < end, characters[start] == " " { start += 1 }
        while end > start, characters[end - 1] == " " { end -= 1 }
        guard start < end else { throw .empty }

        var negative = false
        if characters[start] == "(" {
            guard characters[end - 1] == ")" else { throw .unclosedParenthesis(offset: start) }
            negative = true
            start += 1
            end -= 1
        } else if characters[start] == "-" || characters[start] == "\u{2212}" {
            negative = true
            start += 1
        }
        let magnitude = try parseUnsigned(characters, from: start, to: end)
        return Money(unchecked: negative ? -magnitude : magnitude, currency: currency)
    }

    /// The common case, read straight from the bytes: an optional minus, up to 15 digits, and
    /// optionally the decimal mark with one to the currency's number of decimals. Anything else
    /// (grouping, parentheses, spaces, every error) goes to the full reader, which gives the
    /// same value or the precise error.
    private func parsePlain(_ text: String) -> Money? {
        text.utf8.withContiguousStorageIfAvailable(parsePlain) ?? nil
    }

    /// `parsePlain` on UTF-8 bytes in place, for readers that hold a file's fields as bytes.
    package func parsePlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Money? {
        var index = 0
        let negative = bytes.first == UInt8(ascii: "-")
        if negative { index = 1 }
        var value: Int64 = 0
        let wholeStart = index
        // At most 15 digits are taken here (so the value cannot overflow); longer goes to the full reader.
        while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10, index - wholeStart < 16 {
            value = value * 10 + Int64(bytes[index] &- UInt8(ascii: "0"))
            index += 1
        }
        let wholeDigits = index - wholeStart
        guard wholeDigits >= 1, wholeDigits <= 15 else { return nil }
        for _ in 0..<currency.minorUnitDigits { value *= 10 }
        if index < bytes.count {
            guard bytes[index] == decimalMark.asciiByte, currency.minorUnitDigits > 0 else { return nil }
            index += 1
            let fractionStart = index
            var fraction: Int64 = 0
            while index < bytes.count, bytes[index] &- UInt8(ascii: "0") < 10, index - fractionStart <= currency.minorUnitDigits {
                fraction = fraction * 10 + Int64(bytes[index] &- UInt8(ascii: "0"))
                index += 1
            }
            let fractionDigits = index - fractionStart
            guard index == bytes.count, (1...currency.minorUnitDigits).contains(fractionDigits) else { return nil }
            for _ in fractionDigits..<currency.minorUnitDigits { fraction *= 10 }
            value += fraction
        }
        return Money(unchecked: negative ? -value : value, currency: currency)
    }

    private func parseUnsigned(_ characters: [Character], from start: Int, to end: Int) throws(AmountSyntaxError) -> Int64 {
        var index = start
        var whole: Int64 = 0
        var groupSeparator: Character?
        var digitsInGroup = 0
        var groupCount = 1
        guard index < end, characters[index].isASCIIDigit else {
            throw index < end ? .unexpected(characters[index], offset: index) : .noDigits
        }
        while index < end {
            let character = characters[index]
            if character.isASCIIDigit {
                whole = try appendDigit(character, to: whole)
                digitsInGroup += 1
            } else if decimalMark.groupSeparators.contains(character) {
                if let used = groupSeparator, used != character { throw .mixedGrouping(offset: index) }
                // Every group after the first has exactly three digits; the first has one to three.
                guard groupCount == 1 ? (1...3).contains(digitsInGroup) : digitsInGroup == 3 else {
                    throw .misplacedGrouping(offset: index)
                }
                groupSeparator = character
                groupCount += 1
                digitsInGroup = 0
            } else {
                break
            }
            index += 1
        }
        if groupSeparator != nil, digitsInGroup != 3 { throw .misplacedGrouping(offset: index) }
        var minorUnits = try scaleToMinorUnits(whole)
        if index < end {
            guard characters[index] == decimalMark.character else { throw .unexpected(characters[index], offset: index) }
            index += 1
            minorUnits = try addFraction(characters, from: index, to: end, to: minorUnits)
        }
        return minorUnits
    }

    private func addFraction(_ characters: [Character], from start: Int, to end: Int, to base: Int64) throws(AmountSyntaxError) -> Int64 {
        guard start < end else { throw .noDigitsAfterDecimalMark(offset: start - 1) }
        if let bad = (start..<end).first(where: { !characters[$0].isASCIIDigit }) {
            throw .unexpected(characters[bad], offset: bad)
        }
        let digits = end - start
        guard digits <= currency.minorUnitDigits else {
            throw .tooManyDecimals(found: digits, allowed: currency.minorUnitDigits, offset: start)
        }
        var fraction: Int64 = 0
        for index in start..<end { fraction = fraction * 10 + characters[index].asciiDigit! }
        for _ in digits..<currency.minorUnitDigits { fraction *= 10 }
        let (sum, overflow) = base.addingReportingOverflow(fraction)
        guard !overflow else { throw .outOfRange }
        return sum
    }

    private func appendDigit(_ digit: Character, to value: Int64) throws(AmountSyntaxError) -> Int64 {
        let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
        let (result, overflowAdd) = shifted.addingReportingOverflow(digit.asciiDigit!)
        guard !overflowShift, !overflowAdd else { throw .outOfRange }
        return result
    }

    private func scaleToMinorUnits(_ whole: Int64) throws(AmountSyntaxError) -> Int64 {
        let (scaled, overflow) = whole.multipliedReportingOverflow(by: currency.minorUnitsPerMajorUnit)
        guard !overflow else { throw .outOfRange }
        return scaled
    }
}

/// Why a text is not an amount; offsets count characters from the start of the text.
public enum AmountSyntaxError: Error, Equatable, Sendable {
    case empty
    case noDigits
    case tooLong(Int)
    case unexpected(Character, offset: Int)
    case unclosedParenthesis(offset: Int)
    case misplacedGrouping(offset: Int)
    case mixedGrouping(offset: Int)
    case noDigitsAfterDecimalMark(offset: Int)
    case tooManyDecimals(found: Int, allowed: Int, offset: Int)
    case outOfRange

    /// Where in the text the problem starts, when it has a place.
    public var offset: Int? {
        switch self {
        case .unexpected(_, let offset), .unclosedParenthesis(let offset), .misplacedGrouping(let offset),
             .mixedGrouping(let offset), .noDigitsAfterDecimalMark(let offset),
             .tooManyDecimals(_, _, let offset):
            offset
        case .empty, .noDigits, .tooLong, .outOfRange:
            nil
        }
    }

    /// What went wrong, in the words a finance officer uses.
    public var problem: String {
        switch self {
        case .empty: "the amount is empty"
        case .noDigits: "there are no digits"
        case .tooLong(let count): "the amount is \(count) characters long, more than \(Limits.amountTextLengthMax)"
        case .unexpected(let character, _): "unexpected \(Self.describe(character))"
        case .unclosedParenthesis: "an opening parenthesis has no closing one"
        case .misplacedGrouping: "digit groups must have three digits each"
        case .mixedGrouping: "digit groups are separated by two different characters"
        case .noDigitsAfterDecimalMark: "the decimal mark has no digits after it"
        case .tooManyDecimals(let found, let allowed, _):
            "\(found) decimal places, but the currency has \(allowed)"
        case .outOfRange: "the amount is too large"
        }
    }

    static func describe(_ character: Character) -> String {
        if character.isLetter { return "letter \"\(character)\"" }
        switch character {
        case "\u{00A0}": return "no-break space"
        case "\u{202F}", "\u{2009}": return "thin space"
        case " ": return "space"
        case "\t": return "tab"
        default: return "character \"\(character)\""
        }
    }
}
