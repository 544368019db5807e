import GrantCore

/// The RFC 4180 state machine behind `CSVDocument` and `CSVStream`, over UTF-8 bytes.
/// Delimiters and quotes are ASCII, so scanning bytes is exact; field text is validated as
/// UTF-8 when it is cut out.
///
/// The parser reads one buffer. When the buffer is not the end of the input and a record runs
/// up to its end, the record is not taken: the parser stops with `needMore`, and the stream
/// reads more and parses the record again from its start.
struct CSVParser {
    private let bytes: ArraySlice<UInt8>
    private let delimiter: UInt8
    private let file: String
    private let isFinal: Bool
    /// The position of the next record.
    private(set) var index: Int
    /// The line the next record starts on.
    private(set) var line: Int
    private var lineStart: Int
    /// Fields come left to right, so each field's column continues from the one before.
    private var columns = ColumnCounter()
    /// Where the record being read starts, to hold it to `Limits.recordBytesMax`.
    private var recordStart: Int

    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    /// Why parsing stopped short of a record.
    enum Stop: Error {
        case input(InputError)
        /// The record runs to the end of a buffer that is not the end of the input.
        case needMore
    }

    /// Fields to make room for at once: a file's records are mostly as wide as the one before.
    private let fieldCountHint: Int

    init(bytes: ArraySlice<UInt8>, delimiter: UInt8, file: String, isFinal: Bool, firstLine: Int, fieldCountHint: Int = 0) {
        self.fieldCountHint = fieldCountHint
        self.bytes = bytes
        self.delimiter = delimiter
        self.file = file
        self.isFinal = isFinal
        self.index = bytes.startIndex
        self.lineStart = bytes.startIndex
        self.recordStart = bytes.startIndex
        self.line = firstLine
    }

    /// The next record, or nil at the end of the input. On `needMore` the parser is unchanged.
    mutating func nextRecord() throws(Stop) -> CSVRecord? {
        guard index < bytes.endIndex else {
            if isFinal { return nil }
            throw .needMore
        }
        var cursor = self
        let record = try cursor.readRecord()
        self = cursor
        return record
    }

    private mutating func readRecord() throws(Stop) -> CSVRecord {
        let recordLine = line
        recordStart = index
        var fields: [CSVField] = []
        fields.reserveCapacity(fieldCountHint)
        while true {
            fields.append(try nextField())
            if index - recordStart > Limits.recordBytesMax {
                throw .input(InputError(file: file, location: .line(recordLine),
                                        problem: "the line is longer than \(Limits.recordBytesMax) bytes, the most a line may have; is this a CSV file?"))
            }
            guard index < bytes.endIndex else {
                if !isFinal { throw .needMore }
                break
            }
            if bytes[index] == delimiter {
                index += 1
                if index == bytes.endIndex {
                    if !isFinal { throw .needMore }
                    fields.append(CSVField(text: "", line: line, column: fieldColumn(at: index)))
                    break
                }
                continue
            }
            try consumeLineEnd()
            break
        }
        return CSVRecord(line: recordLine, fields: fields)
    }

    private mutating func nextField() throws(Stop) -> CSVField {
        if index < bytes.endIndex, bytes[index] == Self.quote { return try quotedField() }
        let start = index
        let startColumn = fieldColumn(at: start)
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            if byte == Self.quote {
                throw .input(error(at: index, "a quote (\") inside an unquoted field; quote the whole field and double the quote (\"\")"))
            }
            index += 1
            if index - start > Limits.fieldBytesMax { try refuseLongRecord(field: startColumn) }
        }
        // A field cut by the buffer's end may end inside a letter: read it whole, from more bytes.
        if index == bytes.endIndex, !isFinal { throw .needMore }
        return CSVField(text: try text(bytes[start..<index], at: start), line: line, column: startColumn)
    }

    private mutating func quotedField() throws(Stop) -> CSVField {
        let openingQuote = index
        let openingLine = line
        let openingColumn = fieldColumn(at: openingQuote)
        index += 1
        var content: [UInt8] = []
        while true {
            guard index < bytes.endIndex else {
                if !isFinal { throw .needMore }
                throw .input(InputError(file: file, location: .cell(line: openingLine, column: openingColumn),
                                        problem: "the quoted field that starts here is never closed; add the closing quote (\")"))
            }
            let byte = bytes[index]
            if byte == Self.quote {
                // A quote at the buffer's end may be the first of a doubled pair.
                if index + 1 == bytes.endIndex, !isFinal { throw .needMore }
                if index + 1 < bytes.endIndex, bytes[index + 1] == Self.quote {
                    content.append(Self.quote)
                    index += 2
                    continue
                }
                index += 1
                break
            }
            if byte == Self.lineFeed {
                line += 1
                lineStart = index + 1
            }
            content.append(byte)
            guard content.count <= Limits.fieldBytesMax else {
                throw .input(InputError(file: file, location: .cell(line: openingLine, column: openingColumn),
                                        problem: "the quoted field that starts here is longer than \(Limits.fieldBytesMax) bytes; is a closing quote missing?"))
            }
            index += 1
        }
        if index < bytes.endIndex, bytes[index] != delimiter, bytes[index] != Self.lineFeed, bytes[index] != Self.carriageReturn {
            throw .input(error(at: index, "text after the closing quote of a field; expected a delimiter or the end of the line"))
        }
        return CSVField(text: try text(content[...], at: openingQuote), line: openingLine, column: openingColumn + 1)
    }

    /// A field too long for any real file: the whole record is refused, whether or not more of it is still to come.
    private func refuseLongRecord(field column: Int) throws(Stop) {
        throw .input(InputError(file: file, location: .cell(line: line, column: column),
                                problem: "the field that starts here is longer than \(Limits.fieldBytesMax) bytes, the most a field may have; is this a CSV file?"))
    }

    private mutating func consumeLineEnd() throws(Stop) {
        if bytes[index] == Self.carriageReturn {
            index += 1
            // A CR at the buffer's end may be the first half of a CRLF.
            if index == bytes.endIndex, !isFinal { throw .needMore }
        }
        if index < bytes.endIndex, bytes[index] == Self.lineFeed { index += 1 }
        line += 1
        lineStart = index
    }

    private func text(_ slice: ArraySlice<UInt8>, at start: Int) throws(Stop) -> String {
        // Most fields are printable ASCII, which is valid UTF-8 as it is; only the others need a closer look.
        let ascii = slice.withUnsafeBufferPointer { buffer in
            buffer.allSatisfy { $0 < 0x7F && $0 >= 0x20 } ? String(decoding: buffer, as: UTF8.self) : nil
        }
        if let ascii { return ascii }
        switch slice.withUnsafeBufferPointer(Self.textProblem) {
        case .control(let byte)?:
            throw .input(error(at: start, "the field holds a control character (byte \(byte)); is this a text file? Save it as CSV UTF-8"))
        case .notUTF8?:
            throw .input(error(at: start, "the text is not valid UTF-8; save the file as UTF-8"))
        case .bidiControl(let scalar)?:
            throw .input(error(at: start, bidiControlProblem(scalar)))
        case .controlCharacter(let scalar)?:
            throw .input(error(at: start, controlCharacterProblem(scalar)))
        case nil:
            return String(decoding: slice, as: UTF8.self)
        }
    }

    /// Why a field's bytes are not text the readers take.
    enum TextProblem {
        case control(UInt8), notUTF8, bidiControl(Unicode.Scalar), controlCharacter(Unicode.Scalar)
    }

    /// What is wrong with a field's bytes, or nil when they are text: tabs and line breaks (inside
    /// quotes) are text; other control characters (a NUL above all) mean a binary file; the rest
    /// must be UTF-8 without invisible bidirectional controls.
    static func textProblem(_ bytes: UnsafeBufferPointer<UInt8>) -> TextProblem? {
        if let control = bytes.first(where: { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) { return .control(control) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .notUTF8 }
        if let control = text.firstControlCharacter(allowing: [0x09, 0x0A, 0x0D]) { return .controlCharacter(control) }
        return text.firstBidiControl.map { .bidiControl($0) }
    }

    /// `column(at:)` for the start of the next field, continuing from the previous field's.
    private mutating func fieldColumn(at position: Int) -> Int { columns.column(of: position, lineStart: lineStart, in: bytes) }

    /// The 1-based character column of byte `position` on the current line: UTF-8 continuation
    /// bytes do not start a character, so they are not counted.
    private func column(at position: Int) -> Int {
        var count = 1
        var cursor = lineStart
        while cursor < position {
            if bytes[cursor] & 0xC0 != 0x80 { count += 1 }
            cursor += 1
        }
        return count
    }

    private func error(at position: Int, _ problem: String) -> InputError {
        InputError(file: file, location: .cell(line: line, column: column(at: position)), problem: problem)
    }
}
