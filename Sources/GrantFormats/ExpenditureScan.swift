#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif
import GrantCore

/// A fast reading of expenditure files: for what needs only their sums (the audit of a folder
/// whose lines no line rule flags, and budget vs actual), and for a large import, which takes
/// each line as bytes in place (`EuroLineBytes`). It reads bytes in place, makes no string per
/// field and keeps nothing per line but an invoice's 64-bit hash, so memory stays flat.
///
/// It takes only what it can read exactly as `ExpenditureReader` would: comma-separated records
/// on one line each, one field per header column, quotes only around a whole field, text the CSV
/// reader accepts, euro amounts written plainly (`1234.50` or `1234`), ISO dates, no spaces
/// around a value, every partner, category and period known, no line that `Audit.LineScreen`
/// says a rule could flag (when reading for sums), and no invoice whose hash comes twice (checked
/// by the caller). On anything else it gives up (`nil`) and the caller reads the file in full,
/// which gives the same sums or lines, or the exact message and findings. Giving up is never
/// wrong, only slower.
public final class ExpenditureScan {
    /// The record position of each column, -1 when the file lacks an optional one.
    private let column: Columns
    private let headerCount: Int
    /// The line rules a line read for sums must pass; nil when lines are handed on (an import).
    private let screen: Audit.LineScreen?
    // The state below is touched only by the thread scanning, one line at a time: unchecked
    // exclusivity spares each access a runtime check (they were 4% of a scan).
    /// Where fields holding doubled quotes are written out once undoubled, for a line handed on.
    @exclusivity(unchecked) private var undoubled: UnsafeMutablePointer<UInt8>?
    @exclusivity(unchecked) private var undoubledCount = 0
    /// Where the text of each field of the record being read starts and ends (quotes excluded).
    private let starts: UnsafeMutablePointer<Int>
    private let ends: UnsafeMutablePointer<Int>
    /// Fields of the record holding doubled quotes, and fields holding bytes other than printable
    /// ASCII (checked as the full reader checks text), one bit per field.
    @exclusivity(unchecked) private var escaped: UInt64 = 0
    @exclusivity(unchecked) private var unusual: UInt64 = 0
    @exclusivity(unchecked) private var invoiceDates = DateCache()
    @exclusivity(unchecked) private var paymentDates = DateCache()
    /// Declared euro cents and lines of this file.
    @exclusivity(unchecked) public private(set) var totalCents: Int64 = 0
    @exclusivity(unchecked) public private(set) var lineCount: Int64 = 0
    /// The file's line number of the next record (the header is line 1).
    @exclusivity(unchecked) public private(set) var nextLine = 2

    /// Bytes read at a time; a record longer than this (far beyond `Limits.recordBytesMax`) gives up.
    public static let chunkBytes = 128 << 10

    /// A scan of the file whose first line is `header`, or nil when the header is one the full
    /// reader should see (another delimiter, a byte-order mark, a column it would refuse). With
    /// `screen`, lines are read for sums; without, they are handed on as they are.
    public convenience init?(header: [UInt8], file: String, grant: Grant, screen: Audit.LineScreen?) {
        guard grant.project.currency == .euro, !header.starts(with: [0xEF, 0xBB, 0xBF]),
              CSVStream.detectDelimiter(header[...]) == ",",
              let document = try? CSVDocument(bytes: header, file: file),
              let columns = try? ExpenditureColumns(header: document.records[0], file: file),
              columns.headerCount <= 64 else { return nil }
        self.init(column: Columns(columns), headerCount: columns.headerCount, screen: screen)
    }

    private init(column: Columns, headerCount: Int, screen: Audit.LineScreen?) {
        self.column = column
        self.headerCount = headerCount
        self.screen = screen
        // Room past the header's fields for the 32 bytes `plainRecord` reads at once.
        starts = .allocate(capacity: headerCount + 33)
        ends = .allocate(capacity: headerCount + 33)
    }

    /// A scan of another part of the same file (read by another thread): the same columns and
    /// screen, nothing read yet.
    public func sibling() -> ExpenditureScan {
        ExpenditureScan(column: column, headerCount: headerCount, screen: screen)
    }

    deinit {
        starts.deallocate()
        ends.deallocate()
        undoubled?.deallocate()
    }

    /// Reads every whole record of `bytes` into `sums`; returns how many bytes were taken (a
    /// record cut off by the end of `bytes` is left for the next call, unless `isFinal`), or nil
    /// when the full reader must read the file. With `emit`, each line is handed to it with its
    /// line number instead of being screened and summed; it returns false to give up.
    public func scan(_ bytes: UnsafeBufferPointer<UInt8>, isFinal: Bool, into sums: inout ExpenditureSums,
                     emit: ((EuroLineBytes, Int) -> Bool)? = nil) -> Int? {
        guard let base = bytes.baseAddress else { return 0 }
        let count = bytes.count
        var position = 0
        while position < count {
            if let blank = blankLineEnd(base, from: position, count: count) {  // The full reader skips empty lines.
                guard blank >= 0 else { return isFinal ? nil : position }
                position = blank
                nextLine += 1
                continue
            }
            let end: Int, next: Int
            if let plain = plainRecord(base, from: position, count: count) {
                (end, next) = plain
            } else {
                guard let found = record(base, from: position, count: count, isFinal: isFinal) else { return nil }
                (end, next) = found
                guard end >= 0 else { return position }  // The record continues in the next piece.
                guard end - position <= Limits.recordBytesMax, fieldsAsWritten(base) else { return nil }
            }
            guard line(base, sums: &sums, emit: emit) else { return nil }
            position = next
            nextLine += 1
        }
        return position
    }

    /// Where the next record starts when an empty line is at `position`; -1 when a CR ends the
    /// piece; nil when no empty line is there.
    private func blankLineEnd(_ base: UnsafePointer<UInt8>, from position: Int, count: Int) -> Int? {
        if base[position] == Self.lineFeed { return position + 1 }
        guard base[position] == Self.carriageReturn else { return nil }
        guard position + 1 < count else { return -1 }
        return base[position + 1] == Self.lineFeed ? position + 2 : nil
    }

    private static let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"),
                       carriageReturn = UInt8(ascii: "\r"), tab = UInt8(ascii: "\t")

    /// Finds the fields of the record at `position`: where it ends (before the line break) and
    /// where the next record starts; (-1, 0) when the record runs past `count`; nil for anything
    /// the full reader must judge (a line break inside quotes, a quote inside a field, a control
    /// character, a field too many or too few).
    private func record(_ base: UnsafePointer<UInt8>, from position: Int, count: Int, isFinal: Bool) -> (Int, Int)? {
        let more: (Int, Int)? = isFinal ? nil : (-1, 0)
        var field = 0
        var cursor = position
        // Kept in locals while the record is read: a class's stored property costs an access check each time.
        var escaped: UInt64 = 0
        var unusual: UInt64 = 0
        defer {
            self.escaped = escaped
            self.unusual = unusual
        }
        while true {
            if cursor < count, base[cursor] == Self.quote {
                cursor += 1
                starts[field] = cursor
                while true {
                    guard cursor < count else { return more }
                    let byte = base[cursor]
                    if byte == Self.quote {
                        guard cursor + 1 < count else {
                            if !isFinal { return more }
                            break
                        }
                        guard base[cursor + 1] == Self.quote else { break }
                        escaped |= 1 << UInt64(field)
                        cursor += 2
                        continue
                    }
                    if byte < 0x20 {
                        guard byte == Self.tab else { return nil }  // A line break inside quotes, or a control character.
                        unusual |= 1 << UInt64(field)
                    } else if byte >= 0x7F {
                        unusual |= 1 << UInt64(field)
                    }
                    cursor += 1
                }
                ends[field] = cursor
                cursor += 1
            } else {
                starts[field] = cursor
                while cursor < count {
                    cursor = Self.skipPlain(base, from: cursor, count: count)
                    guard cursor < count else { break }
                    let byte = base[cursor]
                    if byte >= 0x7F || byte == Self.tab {
                        unusual |= 1 << UInt64(field)
                        cursor += 1
                        continue
                    }
                    guard byte != Self.quote else { return nil }
                    break  // A comma, a line break or a control character.
                }
                ends[field] = cursor
            }
            guard cursor < count else {
                guard isFinal, field == headerCount - 1 else { return more ?? nil }
                return (count, count)
            }
            let byte = base[cursor]
            if byte == Self.comma {
                field += 1
                guard field < headerCount else { return nil }
                cursor += 1
                continue
            }
            guard field == headerCount - 1 else { return nil }
            if byte == Self.lineFeed { return (cursor, cursor + 1) }
            guard byte == Self.carriageReturn else { return nil }
            guard cursor + 1 < count else { return more ?? nil }
            return base[cursor + 1] == Self.lineFeed ? (cursor, cursor + 2) : nil
        }
    }

    /// Finds the fields of the record at `position` when it is written plainly, as nearly every
    /// line is: no quote, no control character but its line break (LF or CRLF), no DEL and no
    /// byte above 0x7F, no space at either end of a field, one field per header column, shorter than
    /// `Limits.fieldBytesMax`. Thirty-two bytes are classified at once (two SSE2 registers; SSE2
    /// is on every x86-64 processor). Returns where the record ends and the next starts; nil for
    /// any other record, or one not whole within `count`, which `record` then reads byte by byte.
    @inline(__always)
    private func plainRecord(_ base: UnsafePointer<UInt8>, from position: Int, count: Int) -> (Int, Int)? {
        #if arch(x86_64)
        func splat(_ byte: UInt8) -> __m128i { _mm_set1_epi8(Int8(bitPattern: byte)) }
        let commas = splat(Self.comma), quotes = splat(Self.quote), lineFeeds = splat(Self.lineFeed), deletes = splat(0x7F)
        let returns = splat(Self.carriageReturn), spaces = splat(0x20)
        var field = 0
        var returnAt = -1
        // Whether the byte before these 32 ends a field (a comma, or the line's start) or is a space.
        var fieldEndBefore: UInt32 = 1, spaceBefore: UInt32 = 0
        starts[0] = position
        var cursor = position
        while cursor &+ 32 <= count {
            let low = _mm_loadu_si128(UnsafeRawPointer(base + cursor).assumingMemoryBound(to: __m128i.self))
            let high = _mm_loadu_si128(UnsafeRawPointer(base + cursor + 16).assumingMemoryBound(to: __m128i.self))
            /// One bit per byte of the 32 where `test` holds.
            func mask(_ test: (__m128i) -> __m128i) -> UInt32 {
                UInt32(truncatingIfNeeded: _mm_movemask_epi8(test(low))) | UInt32(truncatingIfNeeded: _mm_movemask_epi8(test(high))) << 16
            }
            let lineFeed = mask { _mm_cmpeq_epi8($0, lineFeeds) }
            // The bits below the first line feed (all of them when there is none).
            let before = (lineFeed & (0 &- lineFeed)) &- 1
            var comma = mask { _mm_cmpeq_epi8($0, commas) } & before
            let carriageReturn = mask { _mm_cmpeq_epi8($0, returns) } & before
            let space = mask { _mm_cmpeq_epi8($0, spaces) } & before
            // A signed comparison: bytes below 0x20 and, being negative, bytes above 0x7F.
            let odd = mask { _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8($0, spaces), _mm_cmpeq_epi8($0, quotes)),
                                          _mm_cmpeq_epi8($0, deletes)) }
                & before & ~carriageReturn
            // A space after a comma starts a field; one before a comma ends one.
            let spaceAround = space & (comma << 1 | fieldEndBefore) | (space << 1 | spaceBefore) & comma
            guard odd | spaceAround == 0 else { return nil }
            if carriageReturn != 0 {
                guard returnAt < 0, carriageReturn & (carriageReturn &- 1) == 0 else { return nil }
                returnAt = cursor &+ carriageReturn.trailingZeroBitCount
            }
            fieldEndBefore = comma >> 31
            spaceBefore = space >> 31
            // `starts` and `ends` have room for 32 fields past the header's, so the count is checked once per 32 bytes.
            while comma != 0 {
                let at = cursor &+ comma.trailingZeroBitCount
                ends[field] = at
                field &+= 1
                starts[field] = at &+ 1
                comma &= comma &- 1
            }
            guard field < headerCount else { return nil }
            if lineFeed != 0 {
                let next = cursor &+ lineFeed.trailingZeroBitCount
                // Only a CR right before the line feed is a line break; any other is the careful reading's.
                let end = returnAt < 0 ? next : next &- 1
                guard field == headerCount &- 1, returnAt < 0 || returnAt == end, end &- position <= Limits.fieldBytesMax,
                      end == starts[field] || base[end &- 1] != 0x20 else { return nil }
                ends[field] = end
                escaped = 0
                unusual = 0
                return (end, next &+ 1)
            }
            cursor &+= 32
        }
        #endif
        return nil
    }

    /// The fields of the first record of `bytes` and where the next starts, as the plain reading
    /// (`plain`) or the careful one (`record`, then `fieldsAsWritten`) finds them; nil when that
    /// reading leaves the record to another. Tests hold the two readings to each other.
    func fields(ofFirstRecordIn bytes: UnsafeBufferPointer<UInt8>, plain: Bool) -> (fields: [Range<Int>], next: Int)? {
        guard let base = bytes.baseAddress else { return nil }
        let found = plain ? plainRecord(base, from: 0, count: bytes.count) : record(base, from: 0, count: bytes.count, isFinal: true)
        guard let (end, next) = found, end >= 0, plain || fieldsAsWritten(base) else { return nil }
        return ((0..<headerCount).map { starts[$0]..<ends[$0] }, next)
    }

    /// The first position from `cursor` holding a comma, a quote, a control character (DEL
    /// included) or a byte above 0x7F (or `count`), eight bytes at a time.
    @inline(__always)
    private static func skipPlain(_ base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var cursor = start
        while cursor + 8 <= count {
            let word = UnsafeRawPointer(base + cursor).loadUnaligned(as: UInt64.self)
            // A byte's high bit is set in `special` when the byte is a comma, a quote, below 0x20
            // or above 0x7F; borrows can only mark bytes above the first such one, which is the one taken.
            let commas = word ^ (ones &* UInt64(comma)), quotes = word ^ (ones &* UInt64(quote)), deletes = word ^ (ones &* 0x7F)
            let special = ((commas &- ones) & ~commas | (quotes &- ones) & ~quotes | (deletes &- ones) & ~deletes
                | (word &- ones &* 0x20) & ~word | word) & highs
            if special != 0 { return cursor + special.trailingZeroBitCount / 8 }
            cursor += 8
        }
        while cursor < count {
            let byte = base[cursor]
            if byte == comma || byte == quote || byte < 0x20 || byte >= 0x7F { return cursor }
            cursor += 1
        }
        return cursor
    }

    /// Reads the record whose fields `starts` and `ends` hold and adds it to `sums`, or hands it to
    /// `emit`; false to give up.
    /// Whether each field of the record `record` found is as the full reader would take it: not too
    /// long, no space around it (the full reader trims), text it accepts.
    private func fieldsAsWritten(_ base: UnsafePointer<UInt8>) -> Bool {
        for index in 0..<headerCount {
            let (start, end) = (starts[index], ends[index])
            guard end - start <= Limits.fieldBytesMax else { return false }
            if end > start, base[start] == 0x20 || base[end - 1] == 0x20 { return false }
            if unusual & (1 << UInt64(index)) != 0,
               CSVParser.textProblem(UnsafeBufferPointer(start: base + start, count: end - start)) != nil { return false }
        }
        return true
    }

    private func line(_ base: UnsafePointer<UInt8>, sums: inout ExpenditureSums, emit: ((EuroLineBytes, Int) -> Bool)?) -> Bool {
        func bytes(_ position: Int) -> UnsafeBufferPointer<UInt8> {
            position < 0 ? UnsafeBufferPointer(start: base, count: 0) : UnsafeBufferPointer(start: base + starts[position], count: ends[position] - starts[position])
        }
        func isEmpty(_ position: Int) -> Bool { position < 0 || ends[position] == starts[position] }
        let plain = ~escaped
        guard plain & column.semantic == column.semantic,
              let partner = sums.partnerIndex(bytes(column.partner)),
              let category = sums.categoryIndex(bytes(column.category)),
              let period = sums.periodIndex(bytes(column.period)),
              isEmpty(column.currency) || Self.isEuro(bytes(column.currency)),
              isEmpty(column.exchangeRate),
              !isEmpty(column.invoiceNumber), !isEmpty(column.supplier),
              let net = Self.cents(bytes(column.net)), let vat = Self.cents(bytes(column.vat)),
              let gross = Self.cents(bytes(column.gross)), net + vat == gross,
              let invoiceDate = invoiceDates.date(bytes(column.invoiceDate)) else { return false }
        var paymentDate: CalendarDate?
        if !isEmpty(column.paymentDate) {
            guard let date = paymentDates.date(bytes(column.paymentDate)) else { return false }
            paymentDate = date
        }
        var declared = gross
        if !isEmpty(column.amountEUR) {
            guard let given = Self.cents(bytes(column.amountEUR)), given <= gross else { return false }
            declared = given
        }
        if let emit {
            undoubledCount = 0
            let line = EuroLineBytes(partnerID: bytes(column.partner), categoryID: bytes(column.category), periodNumber: sums.periodNumber(period),
                                     invoiceNumber: text(base, column.invoiceNumber), supplier: text(base, column.supplier),
                                     invoiceDate: bytes(column.invoiceDate), paymentDate: paymentDate == nil ? nil : bytes(column.paymentDate),
                                     netCents: net, vatCents: vat, grossCents: gross, declaredCents: declared,
                                     description: text(base, column.description), documentReference: text(base, column.document))
            guard emit(line, nextLine) else { return false }
        } else if let screen, screen.mayFlag(partner: partner, invoiceDate: invoiceDate, paymentDate: paymentDate,
                                             netCents: net, vatCents: vat, declaredCents: declared) {
            return false
        } else if !sums.isFlatRate(category) {
            sums.invoices.add(supplier: bytes(column.supplier), number: bytes(column.invoiceNumber))
        }
        let (total, overflow) = totalCents.addingReportingOverflow(declared)
        guard !overflow, emit != nil || sums.add(declared, partner: partner, category: category, period: period) else { return false }
        totalCents = total
        lineCount += 1
        return true
    }

    /// The text of field `position` as the full reader gives it: doubled quotes undoubled (into
    /// `undoubled`, which holds a record's fields one after another); empty when the file lacks it.
    private func text(_ base: UnsafePointer<UInt8>, _ position: Int) -> UnsafeBufferPointer<UInt8> {
        guard position >= 0 else { return UnsafeBufferPointer(start: base, count: 0) }
        let (start, end) = (starts[position], ends[position])
        guard escaped & (1 << UInt64(position)) != 0 else { return UnsafeBufferPointer(start: base + start, count: end - start) }
        if undoubled == nil { undoubled = .allocate(capacity: Limits.recordBytesMax) }
        let target = undoubled! + undoubledCount
        var count = 0
        var cursor = start
        while cursor < end {
            target[count] = base[cursor]
            count += 1
            cursor += base[cursor] == Self.quote ? 2 : 1
        }
        undoubledCount += count
        return UnsafeBufferPointer(start: target, count: count)
    }

    private static func isEuro(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count == 3 && bytes[0] == UInt8(ascii: "E") && bytes[1] == UInt8(ascii: "U") && bytes[2] == UInt8(ascii: "R")
    }

    /// The record position of each column this reading looks at; -1 for an optional one the file lacks.
    private struct Columns {
        let partner, category, period, invoiceNumber, supplier, invoiceDate, paymentDate: Int
        let net, vat, gross, currency, exchangeRate, amountEUR, description, document: Int
        /// The fields read for their value (all but supplier, invoice number, description and
        /// document): a doubled quote in one of them is the full reader's to judge.
        let semantic: UInt64

        init(_ columns: ExpenditureColumns) {
            func at(_ field: ExpenditureField) -> Int { columns.position(of: field) ?? -1 }
            (partner, category, period, invoiceNumber, supplier) = (at(.partner), at(.category), at(.period), at(.invoiceNumber), at(.supplier))
            (invoiceDate, paymentDate, net, vat, gross) = (at(.invoiceDate), at(.paymentDate), at(.net), at(.vat), at(.gross))
            (currency, exchangeRate, amountEUR) = (at(.currency), at(.exchangeRate), at(.amountEUR))
            (description, document) = (at(.description), at(.document))
            semantic = [partner, category, period, invoiceDate, paymentDate, net, vat, gross, currency, exchangeRate, amountEUR]
                .filter { $0 >= 0 }.reduce(0) { $0 | 1 << UInt64($1) }
        }
    }

    /// Cents of an amount written plainly: 1 to 15 digits, optionally `.` and two more.
    static func cents(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        let hasCents = count >= 4 && base[count - 3] == UInt8(ascii: ".")
        let whole = hasCents ? count - 3 : count
        guard (1...15).contains(whole) else { return nil }
        func digit(_ index: Int) -> Int64? {
            let digit = base[index] &- UInt8(ascii: "0")
            return digit < 10 ? Int64(digit) : nil
        }
        var value: Int64 = 0
        for index in 0..<whole {
            guard let digit = digit(index) else { return nil }
            value = value &* 10 &+ digit
        }
        guard hasCents else { return value &* 100 }
        guard let tens = digit(count - 2), let units = digit(count - 1) else { return nil }
        return value &* 100 &+ tens &* 10 &+ units
    }

    /// An ISO date `YYYY-MM-DD` that exists.
    static func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? { CalendarDate(isoBytes: bytes) }

    /// Dates read in a date column, by their ten bytes: a slot for each month and day (a year's
    /// dates never share one), holding the last date read there. Lines repeat dates, and a
    /// repeat is then known by one comparison instead of read again.
    struct DateCache {
        private var keys = [(UInt64, UInt16)](repeating: (0, 0), count: 512)
        private var dates = [CalendarDate?](repeating: nil, count: 512)

        mutating func date(_ bytes: UnsafeBufferPointer<UInt8>) -> CalendarDate? {
            guard bytes.count == 10, let base = bytes.baseAddress else { return ExpenditureScan.date(bytes) }
            let key = (UnsafeRawPointer(base).loadUnaligned(as: UInt64.self), UnsafeRawPointer(base + 8).loadUnaligned(as: UInt16.self))
            func digit(_ index: Int) -> Int { Int(base[index] & 0x0F) }
            let slot = ((digit(5) &* 10 &+ digit(6)) &* 32 &+ digit(8) &* 10 &+ digit(9)) & 511
            if let known = dates[slot], keys[slot] == key { return known }
            let date = ExpenditureScan.date(bytes)
            if let date {
                keys[slot] = key
                dates[slot] = date
            }
            return date
        }
    }
}
