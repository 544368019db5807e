import GrantCore

/// A fast reading of expenditure files for what needs only their sums: the audit of a folder
/// whose lines no line rule flags, and budget vs actual. It reads bytes in place, makes no string
/// per field and keeps nothing per line but an invoice's 64-bit hash, so memory stays flat.
///
/// It takes only what it can read exactly as `ExpenditureReader` would: printable ASCII without
/// quotes, comma-separated, one field per header column, euro amounts written plainly (`1234.50`
/// or `1234`), ISO dates, no spaces around a value, every partner, category and period known, and
/// no line that `Audit.LineScreen` says a rule could flag, nor an invoice whose hash was seen
/// before. On anything else it gives up (`nil`) and the caller reads the folder in full, which
/// gives the same sums, or the exact message and findings. Giving up is never wrong, only slower.
public struct ExpenditureScan {
    /// The record position of each column (nil when the file lacks an optional one).
    private let positions: [Int?]
    private let headerCount: Int
    private let screen: Audit.LineScreen
    /// Field starts of the record being read, one past the last for the end.
    private var starts: [Int]
    /// Declared euro cents and lines of this file.
    public private(set) var totalCents: Int64 = 0
    public private(set) var lineCount: Int64 = 0

    /// Bytes read at a time; a record longer than this (far beyond `Limits.recordBytesMax`) gives up.
    public static let chunkBytes = 4 << 20

    /// A scan of the file whose first line is `header`, or nil when the header is one the full
    /// reader should see (another delimiter, a byte-order mark, a column it would refuse).
    public init?(header: [UInt8], file: String, grant: Grant, screen: Audit.LineScreen) {
        guard grant.project.currency == .euro, !header.starts(with: [0xEF, 0xBB, 0xBF]),
              CSVStream.detectDelimiter(header[...]) == ",",
              let document = try? CSVDocument(bytes: header, file: file),
              let columns = try? ExpenditureColumns(header: document.records[0], file: file) else { return nil }
        positions = ExpenditureField.allCases.map { columns.position(of: $0) }
        headerCount = columns.headerCount
        self.screen = screen
        starts = [Int](repeating: 0, count: columns.headerCount + 1)
    }

    /// Reads every whole record of `bytes` into `sums`; returns how many bytes were taken (a
    /// record cut off by the end of `bytes` is left for the next call, unless `isFinal`), or nil
    /// when the full reader must read the file.
    public mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool, into sums: inout ExpenditureSums) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var position = 0
        while position < count {
            guard let (end, next) = recordEnd(base, from: position, count: count, isFinal: isFinal) else { return nil }
            guard end >= 0 else { return position }  // The record continues in the next piece.
            guard end - position <= Limits.recordBytesMax, line(base, end: end, sums: &sums) else { return nil }
            position = next
        }
        return position
    }

    /// Finds the fields of the record at `position`: its end (before the line break) and where the
    /// next record starts; end -1 when the record runs past `count`; nil for any byte the full
    /// reader must judge (quotes, control characters, non-ASCII, a field too many).
    private mutating func recordEnd(_ base: UnsafePointer<UInt8>, from position: Int, count: Int, isFinal: Bool) -> (Int, Int)? {
        var field = 0
        var cursor = position
        starts.withUnsafeMutableBufferPointer { starts in starts[0] = position }
        let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")
        let found: (Int, Int)? = starts.withUnsafeMutableBufferPointer { starts in
            while cursor < count {
                let byte = base[cursor]
                if byte &- 0x20 < 0x5F {  // Printable ASCII.
                    if byte == comma {
                        field += 1
                        guard field < headerCount else { return nil }
                        starts[field] = cursor + 1
                    } else if byte == quote {
                        return nil
                    }
                    cursor += 1
                    continue
                }
                if byte == lineFeed { return (cursor, cursor + 1) }
                guard byte == carriageReturn else { return nil }
                guard cursor + 1 < count else { return isFinal ? nil : (-1, 0) }
                return base[cursor + 1] == lineFeed ? (cursor, cursor + 2) : nil
            }
            return isFinal ? (count, count) : (-1, 0)
        }
        guard let found else { return nil }
        guard found.0 >= 0 else { return found }
        guard field == headerCount - 1 else { return nil }
        starts[headerCount] = found.0 + 1
        return found
    }

    /// Reads the record whose fields `starts` holds and adds it to `sums`; false to give up.
    private mutating func line(_ base: UnsafePointer<UInt8>, end: Int, sums: inout ExpenditureSums) -> Bool {
        let fields = starts.withUnsafeBufferPointer { starts -> Fields? in
            for index in 0..<headerCount {
                let (start, stop) = (starts[index], starts[index + 1] - 1)
                guard stop - start <= Limits.fieldBytesMax else { return nil }
                if stop > start, base[start] == 0x20 || base[stop - 1] == 0x20 { return nil }  // The full reader trims.
            }
            return Fields(base: base, starts: starts, positions: positions)
        }
        guard let fields,
              let partner = sums.partnerIndex(fields.bytes(.partner)),
              let category = sums.categoryIndex(fields.bytes(.category)),
              let period = sums.periodIndex(fields.bytes(.period)),
              fields.isEmpty(.currency) || fields.bytes(.currency).elementsEqual("EUR".utf8),
              fields.isEmpty(.exchangeRate),
              !fields.isEmpty(.invoiceNumber), !fields.isEmpty(.supplier),
              let net = Self.cents(fields.bytes(.net)), let vat = Self.cents(fields.bytes(.vat)),
              let gross = Self.cents(fields.bytes(.gross)), net + vat == gross,
              let invoiceDate = Self.date(fields.bytes(.invoiceDate)) else { return false }
        var paymentDate: CalendarDate?
        if !fields.isEmpty(.paymentDate) {
            guard let date = Self.date(fields.bytes(.paymentDate)) else { return false }
            paymentDate = date
        }
        var declared = gross
        if !fields.isEmpty(.amountEUR) {
            guard let given = Self.cents(fields.bytes(.amountEUR)), given <= gross else { return false }
            declared = given
        }
        guard !screen.mayFlag(partner: partner, invoiceDate: invoiceDate, paymentDate: paymentDate,
                              netCents: net, vatCents: vat, declaredCents: declared) else { return false }
        if !sums.isFlatRate(category) {
            guard sums.invoices.insert(supplier: fields.bytes(.supplier), number: fields.bytes(.invoiceNumber)) else { return false }
        }
        let (total, overflow) = totalCents.addingReportingOverflow(declared)
        guard !overflow, sums.add(declared, partner: partner, category: category, period: period) else { return false }
        totalCents = total
        lineCount += 1
        return true
    }

    /// The fields of one record, by column.
    private struct Fields {
        let base: UnsafePointer<UInt8>
        let starts: UnsafeBufferPointer<Int>
        let positions: [Int?]

        func bytes(_ column: ExpenditureField) -> UnsafeBufferPointer<UInt8> {
            guard let position = positions[column.ordinal] else { return UnsafeBufferPointer(start: base, count: 0) }
            return UnsafeBufferPointer(start: base + starts[position], count: starts[position + 1] - 1 - starts[position])
        }

        func isEmpty(_ column: ExpenditureField) -> Bool { bytes(column).isEmpty }
    }

    /// Cents of an amount written plainly: 1 to 15 digits, optionally `.` and two more.
    static func cents(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = bytes.count
        let whole = count >= 4 && bytes[count - 3] == UInt8(ascii: ".") ? count - 3 : count
        guard (1...15).contains(whole) else { return nil }
        var value: Int64 = 0
        for index in 0..<count where index != whole {
            let digit = bytes[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value &* 10 &+ Int64(digit)
        }
        return whole == count ? value &* 100 : value
    }

    /// An ISO date `YYYY-MM-DD` that exists.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        func number(_ from: Int, _ to: Int) -> Int? {
            var value = 0
            for offset in from..<to {
                let digit = bytes[offset] &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 7), let day = number(8, 10) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }
}
