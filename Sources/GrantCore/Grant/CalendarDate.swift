/// A day in the Gregorian calendar, without time or time zone: invoice dates, project dates.
public struct CalendarDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The date, or nil when no such day exists (30 February, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              (1...CalendarDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Reads ISO 8601 `2017-05-01` or the Latvian and Lithuanian documents' `01.05.2017`.
    public init?(text: String) {
        var text = text
        guard let fields = text.withUTF8(Self.fields) else { return nil }
        self.init(year: fields.0, month: fields.1, day: fields.2)
    }

    /// `init(text:)` on UTF-8 bytes in place, for readers that hold a file's fields as bytes.
    package init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let (year, month, day) = Self.fields(bytes) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The day written `YYYY-MM-DD` in `bytes`, or nil for any other shape or a day that does not exist.
    public init?(isoBytes bytes: UnsafeBufferPointer<UInt8>) {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let (year, month, day) = Self.fields(bytes) else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Year, month and day of `YYYY-MM-DD` or `DD.MM.YYYY`, all digits, or nil for any other shape.
    private static func fields(_ bytes: UnsafeBufferPointer<UInt8>) -> (Int, Int, Int)? {
        guard bytes.count == 10 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let digit = bytes[index] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        if bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") {
            guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
            return (year, month, day)
        }
        guard bytes[2] == UInt8(ascii: "."), bytes[5] == UInt8(ascii: ".") else { return nil }
        guard let day = number(0..<2), let month = number(3..<5), let year = number(6..<10) else { return nil }
        return (year, month, day)
    }

    /// ISO 8601: `2017-05-01`.
    public var description: String {
        "\(Self.padded(year, 4))-\(Self.padded(month, 2))-\(Self.padded(day, 2))"
    }

    /// As Latvian documents write it: `01.05.2017`.
    public var dotted: String { "\(Self.padded(day, 2)).\(Self.padded(month, 2)).\(Self.padded(year, 4))" }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The day after this one.
    public var nextDay: CalendarDate {
        if let next = CalendarDate(year: year, month: month, day: day + 1) { return next }
        if let next = CalendarDate(year: year, month: month + 1, day: 1) { return next }
        return CalendarDate(year: year + 1, month: 1, day: 1)!
    }

    /// The same day `months` months later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb).
    public func addingMonths(_ months: Int) -> CalendarDate {
        let index = year * 12 + (month - 1) + months
        let newYear = index / 12
        let newMonth = index % 12 + 1
        let newDay = min(day, Self.daysIn(month: newMonth, year: newYear))
        return CalendarDate(year: newYear, month: newMonth, day: newDay)!
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
