import GrantCore

/// The one splitter of CSV files into records and fields (RFC 4180, with the dialects
/// spreadsheets write): every CSV reader of the engine stands on it, the expenditure reader on
/// its byte spans, `CSVStream` and `CSVDocument` on the strings it cuts out.
///
/// It reads a chunk at a time, so memory stays flat however large the file is. UTF-8 with or
/// without a byte-order mark; comma or semicolon, whichever the first line uses more outside
/// quotes (or the one given); LF, CRLF or CR line ends; fields quoted with `"`, quotes doubled
/// inside, line breaks inside quotes. Delimiters, quotes and line breaks are ASCII, so scanning
/// bytes is exact; a field holding any other byte than printable ASCII is checked as text
/// (UTF-8, no control or bidirectional control characters) when it is cut. Blank records (only
/// spaces and delimiters) are skipped. It hashes every byte it reads when asked to.
package final class CSVSplitter {
    /// Where one field's text lies in the buffer, quotes excluded (doubled quotes still doubled).
    package struct Span {
        package var start: Int
        package var end: Int
        /// The line the text starts on, and where in the buffer that line starts.
        package var line: Int
        package var lineStart: Int
        /// Whether the text holds doubled quotes, to be undoubled when it is read.
        package var escaped: Bool

        package var count: Int { end - start }
    }

    /// The file's name as the user gave it, for messages.
    package let file: String
    private let read: (Int) throws(InputError) -> [UInt8]
    private let forcedDelimiter: UInt8?
    private let hashing: Bool
    // The state below is touched only by the thread reading the file, a record at a time:
    // unchecked exclusivity spares each access a runtime check.
    @exclusivity(unchecked) private var hasher = SHA256()

    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private var filled = 0
    /// Where the next record starts in the buffer, and the line it starts on.
    @exclusivity(unchecked) private var position = 0
    @exclusivity(unchecked) private var line = 1
    @exclusivity(unchecked) private var lineStart = 0
    @exclusivity(unchecked) private var atEnd = false
    @exclusivity(unchecked) private var started = false
    @exclusivity(unchecked) private var bytesRead = 0

    /// The field separator (valid once the first record is read).
    @exclusivity(unchecked) package private(set) var delimiter = UInt8(ascii: ",")
    /// The fields of the current record and the line it starts on.
    @exclusivity(unchecked) package private(set) var fields: [Span] = []
    @exclusivity(unchecked) package private(set) var recordLine = 0

    /// Bytes asked for at a time.
    package static let chunkBytes = 1 << 20

    package init(file: String, delimiter: Character? = nil, hashing: Bool,
                 read: @escaping (Int) throws(InputError) -> [UInt8]) {
        self.file = file
        self.read = read
        self.forcedDelimiter = delimiter?.asciiValue
        self.hashing = hashing
        capacity = Self.chunkBytes + 64
        storage = .allocate(capacity: capacity)
        fields.reserveCapacity(32)
    }

    deinit { storage.deallocate() }

    /// The SHA-256 of every byte of the file; complete once `next` has returned false.
    package var contentHash: [UInt8] {
        precondition(atEnd && position == filled, "The file has not been read to its end")
        precondition(hashing, "The splitter was made without hashing")
        var copy = hasher
        return copy.finalize()
    }

    /// The bytes of the buffer, where the spans of the current record point.
    package var bytes: UnsafePointer<UInt8> { UnsafePointer(storage) }

    /// Moves to the next record that holds a non-blank field; false at the end of the file.
    package func next() throws(InputError) -> Bool {
        if !started { try start() }
        while true {
            switch try split() {
            case .needMore: try refill()
            case .end: return false
            case .record: if !isBlank { return true }
            }
        }
    }

    // MARK: Reading the text of fields

    /// The text of `span`, doubled quotes undoubled.
    package func text(_ span: Span) -> String {
        let buffer = UnsafeBufferPointer(start: storage + span.start, count: span.count)
        guard span.escaped else { return String(decoding: buffer, as: UTF8.self) }
        var undoubled: [UInt8] = []
        undoubled.reserveCapacity(span.count)
        var index = 0
        while index < buffer.count {
            undoubled.append(buffer[index])
            index += buffer[index] == Self.quote ? 2 : 1
        }
        return String(decoding: undoubled, as: UTF8.self)
    }

    /// The 1-based character column where `span`'s text starts on its line.
    package func column(_ span: Span) -> Int { characters(from: span.lineStart, to: span.start) + 1 }

    /// The current record's fields as strings with their lines and columns.
    package var record: CSVRecord {
        CSVRecord(line: recordLine, fields: fields.map { CSVField(text: text($0), line: $0.line, column: column($0)) })
    }

    private func characters(from start: Int, to end: Int) -> Int {
        var count = 0
        var cursor = start
        while cursor < end {
            if storage[cursor] & 0xC0 != 0x80 { count += 1 }
            cursor += 1
        }
        return count
    }

    // MARK: Splitting

    private static let quote = UInt8(ascii: "\""), lineFeed = UInt8(ascii: "\n"), carriageReturn = UInt8(ascii: "\r")

    private enum Step { case record, end, needMore }

    private var isBlank: Bool {
        fields.allSatisfy { span in
            var index = span.start
            while index < span.end {
                let byte = storage[index]
                if byte == 0x20 || byte == 0x09 {
                    index += 1
                } else if byte == 0xC2, index + 1 < span.end, storage[index + 1] == 0xA0 {
                    index += 2
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// Splits the record at `position`: the record, the end of the input, or a record that runs
    /// past the bytes read so far (nothing is changed then; it is split again after a refill).
    private func split() throws(InputError) -> Step {
        guard position < filled else { return atEnd ? .end : .needMore }
        var cursor = position
        var line = self.line
        var lineStart = self.lineStart
        fields.removeAll(keepingCapacity: true)
        while true {
            let span: Span
            if storage[cursor] == Self.quote {
                guard let quoted = try quotedField(&cursor, line: &line, lineStart: &lineStart) else { return .needMore }
                span = quoted
            } else {
                guard let plain = try plainField(&cursor, line: line, lineStart: lineStart) else { return .needMore }
                span = plain
            }
            fields.append(span)
            if cursor - position > Limits.recordBytesMax {
                throw InputError(file: file, location: .line(self.line),
                                 problem: "the line is longer than \(Limits.recordBytesMax) bytes, the most a line may "
                                     + "have; is this a CSV file?")
            }
            guard cursor < filled else {
                guard atEnd else { return .needMore }
                break
            }
            if storage[cursor] == delimiter {
                cursor += 1
                guard cursor < filled else {
                    guard atEnd else { return .needMore }
                    fields.append(Span(start: cursor, end: cursor, line: line, lineStart: lineStart, escaped: false))
                    break
                }
                continue
            }
            if storage[cursor] == Self.carriageReturn {
                cursor += 1
                if cursor == filled, !atEnd { return .needMore }  // The first half of a CRLF, perhaps.
            }
            if cursor < filled, storage[cursor] == Self.lineFeed { cursor += 1 }
            line += 1
            lineStart = cursor
            break
        }
        recordLine = self.line
        position = cursor
        self.line = line
        self.lineStart = lineStart
        return .record
    }

    /// A field not in quotes, from `cursor` to the delimiter or line break; nil when it may run
    /// on past the bytes read (it may end inside a letter: it is read whole, from more bytes).
    private func plainField(_ cursor: inout Int, line: Int, lineStart: Int) throws(InputError) -> Span? {
        let start = cursor
        var unusual = false
        while cursor < filled {
            cursor = skipPlain(from: cursor)
            guard cursor < filled else { break }
            let byte = storage[cursor]
            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            if cursor - start > Limits.fieldBytesMax { throw tooLong(line: line, column: characters(from: lineStart, to: start) + 1) }
            if byte == Self.quote {
                throw error(at: cursor, line: line, lineStart: lineStart,
                            "a quote (\") inside an unquoted field; quote the whole field and double the quote (\"\")")
            }
            unusual = true
            cursor += 1
        }
        if cursor - start > Limits.fieldBytesMax { throw tooLong(line: line, column: characters(from: lineStart, to: start) + 1) }
        if cursor == filled, !atEnd { return nil }
        if unusual { try checkText(start..<cursor, at: start, line: line, lineStart: lineStart) }
        return Span(start: start, end: cursor, line: line, lineStart: lineStart, escaped: false)
    }

    /// A field in quotes, from its opening quote at `cursor`; nil when its closing quote is not
    /// read yet (or a quote at the end of the bytes read may be the first of a doubled pair).
    private func quotedField(_ cursor: inout Int, line: inout Int, lineStart: inout Int) throws(InputError) -> Span? {
        let opening = cursor
        let (openingLine, openingLineStart) = (line, lineStart)
        cursor += 1
        let start = cursor
        var doubled = 0
        var unusual = false
        while true {
            guard cursor < filled else {
                guard atEnd else { return nil }
                let column = characters(from: openingLineStart, to: opening) + 1
                throw InputError(file: file, location: .cell(line: openingLine, column: column),
                                 problem: "the quoted field that starts here is never closed; add the closing quote (\")")
            }
            let byte = storage[cursor]
            if byte == Self.quote {
                if cursor + 1 == filled, !atEnd { return nil }
                guard cursor + 1 < filled, storage[cursor + 1] == Self.quote else { break }
                doubled += 1
                cursor += 2
            } else {
                if byte == Self.lineFeed {
                    line += 1
                    lineStart = cursor + 1
                } else if byte < 0x20 ? byte != 0x09 && byte != Self.carriageReturn : byte >= 0x7F {
                    unusual = true
                }
                cursor += 1
            }
            if cursor - start - doubled > Limits.fieldBytesMax {
                let column = characters(from: openingLineStart, to: opening) + 1
                throw InputError(file: file, location: .cell(line: openingLine, column: column),
                                 problem: "the quoted field that starts here is longer than \(Limits.fieldBytesMax) "
                                     + "bytes; is a closing quote missing?")
            }
        }
        let end = cursor
        cursor += 1
        if cursor < filled, storage[cursor] != delimiter, storage[cursor] != Self.lineFeed, storage[cursor] != Self.carriageReturn {
            throw error(at: cursor, line: line, lineStart: lineStart,
                        "text after the closing quote of a field; expected a delimiter or the end of the line")
        }
        if unusual { try checkText(start..<end, at: opening, line: line, lineStart: lineStart) }
        return Span(start: start, end: end, line: openingLine, lineStart: openingLineStart, escaped: doubled > 0)
    }

    /// The first position from `start` holding the delimiter, a quote, a control character (DEL
    /// included) or a byte above 0x7F (or the end of the bytes read), eight bytes at a time.
    @inline(__always)
    private func skipPlain(from start: Int) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        let delimiters = ones &* UInt64(delimiter), quotes = ones &* UInt64(Self.quote), deletes = ones &* 0x7F
        var cursor = start
        while cursor + 8 <= filled {
            let word = UnsafeRawPointer(storage + cursor).loadUnaligned(as: UInt64.self)
            // A byte's high bit is set in `special` when the byte is one of those; borrows can only
            // mark bytes above the first such one, which is the one taken.
            let d = word ^ delimiters, q = word ^ quotes, x = word ^ deletes
            let special = ((d &- ones) & ~d | (q &- ones) & ~q | (x &- ones) & ~x | (word &- ones &* 0x20) & ~word | word) & highs
            if special != 0 { return cursor + special.trailingZeroBitCount / 8 }
            cursor += 8
        }
        while cursor < filled {
            let byte = storage[cursor]
            if byte == delimiter || byte == Self.quote || byte < 0x20 || byte >= 0x7F { return cursor }
            cursor += 1
        }
        return cursor
    }

    /// Refuses a field whose bytes are not text the readers take (see `TextProblem`).
    private func checkText(_ range: Range<Int>, at position: Int, line: Int, lineStart: Int) throws(InputError) {
        let problem = TextProblem.of(UnsafeBufferPointer(start: storage + range.lowerBound, count: range.count))
        guard let problem else { return }
        throw error(at: position, line: line, lineStart: lineStart, problem.message)
    }

    /// A problem at byte `position` of the line starting at `lineStart` (column 1 when the
    /// position lies on an earlier line, as for a quoted field broken over lines).
    private func error(at position: Int, line: Int, lineStart: Int, _ problem: String) -> InputError {
        let column = position < lineStart ? 1 : characters(from: lineStart, to: position) + 1
        return InputError(file: file, location: .cell(line: line, column: column), problem: problem)
    }

    private func tooLong(line: Int, column: Int) -> InputError {
        InputError(file: file, location: .cell(line: line, column: column),
                   problem: "the field that starts here is longer than \(Limits.fieldBytesMax) bytes, the most a field "
                       + "may have; is this a CSV file?")
    }

    // MARK: The buffer

    private func start() throws(InputError) {
        started = true
        // The byte-order mark and the delimiter are decided from the first line: read until it is whole.
        // A first line longer than any line may be stops the search; the splitter then says so.
        repeat { try refill() } while !atEnd && !firstLineIsWhole && filled <= Limits.recordBytesMax
        guard filled > 0 else { throw InputError(file: file, location: .wholeFile, problem: "the file is empty") }
        let head = UnsafeBufferPointer(start: storage, count: filled)
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            position = 3
            lineStart = 3
        }
        if head.starts(with: [0xFF, 0xFE]) || head.starts(with: [0xFE, 0xFF]) {
            throw InputError(file: file, location: .wholeFile,
                             problem: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as CSV "
                                 + "UTF-8, e.g. in Excel \"CSV UTF-8 (Comma delimited)\"")
        }
        delimiter = forcedDelimiter ?? Self.detectDelimiter(UnsafeBufferPointer(rebasing: head[position...])).asciiValue!
    }

    private var firstLineIsWhole: Bool { UnsafeBufferPointer(start: storage, count: filled).contains(Self.lineFeed) }

    /// Drops what has been split and appends the next chunk.
    private func refill() throws(InputError) {
        if position > 0 {
            let rest = filled - position
            if rest > 0 { storage.update(from: storage + position, count: rest) }
            filled = rest
            for index in fields.indices {
                fields[index].start -= position
                fields[index].end -= position
                fields[index].lineStart -= position
            }
            lineStart -= position
            position = 0
        }
        let chunk = try read(Self.chunkBytes)
        guard !chunk.isEmpty else {
            atEnd = true
            return
        }
        bytesRead += chunk.count
        guard bytesRead <= Limits.inputFileBytesMax else {
            throw InputError(file: file, location: .wholeFile,
                             problem: "the file is larger than \(Limits.inputFileBytesMax) bytes, the most an input "
                                 + "file may have; split it into several files")
        }
        if hashing { hasher.update(chunk) }
        if filled + chunk.count > capacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: filled + chunk.count + 64)
            grown.update(from: storage, count: filled)
            storage.deallocate()
            storage = grown
            capacity = filled + chunk.count + 64
        }
        chunk.withUnsafeBufferPointer { (storage + filled).update(from: $0.baseAddress!, count: chunk.count) }
        filled += chunk.count
    }

    /// Whichever of `,` and `;` the first line uses more outside quotes (a comma when neither).
    package static func detectDelimiter(_ bytes: UnsafeBufferPointer<UInt8>) -> Character {
        var inQuotes = false
        var commas = 0
        var semicolons = 0
        for byte in bytes {
            if byte == quote { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == lineFeed { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}

/// Why a field's bytes are not text the readers take: tabs and line breaks (inside quotes) are
/// text; other control characters (a NUL above all) mean a binary file; the rest must be UTF-8
/// without invisible bidirectional controls.
package enum TextProblem {
    case control(UInt8), notUTF8, bidiControl(Unicode.Scalar), controlCharacter(Unicode.Scalar)

    package static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> TextProblem? {
        if let control = bytes.first(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { return .control(control) }
        var control: Unicode.Scalar?, bidi: Unicode.Scalar?
        var index = 0
        while index < bytes.count {
            guard let (scalar, length) = decode(bytes, at: index) else { return .notUTF8 }
            if control == nil, scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) { control = scalar }
            if bidi == nil, scalar.value >= 0x061C, String.isBidiControl(scalar.value) { bidi = scalar }
            index += length
        }
        if let control { return .controlCharacter(control) }
        return bidi.map { .bidiControl($0) }
    }

    /// The scalar whose UTF-8 starts at `index`, and its length; nil for bytes that are not UTF-8
    /// (an overlong form, a surrogate, a value above U+10FFFF, a sequence cut short).
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (Unicode.Scalar, Int)? {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let (length, minimum, bits): (Int, UInt32, UInt32) = switch lead {
        case 0xC2...0xDF: (2, 0x80, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (3, 0x800, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (4, 0x10000, UInt32(lead & 0x07))
        default: (0, 0, 0)
        }
        guard length > 0, index + length <= bytes.count else { return nil }
        var value = bits
        for offset in 1..<length {
            let byte = bytes[index + offset]
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard value >= minimum, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    package var message: String {
        switch self {
        case .control(let byte): "the field holds a control character (byte \(byte)); is this a text file? Save it as CSV UTF-8"
        case .notUTF8: "the text is not valid UTF-8; save the file as UTF-8"
        case .bidiControl(let scalar): bidiControlProblem(scalar)
        case .controlCharacter(let scalar): controlCharacterProblem(scalar)
        }
    }
}
