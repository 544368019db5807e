/// The RFC 4180 state machine behind `CSVDocument`, over UTF-8 bytes. Delimiters and quotes are
/// ASCII, so scanning bytes is exact; field text is validated as UTF-8 when it is cut out.
struct CSVParser {
    private let bytes: ArraySlice<UInt8>
    private let delimiter: UInt8
    private let file: String
    private var index: Int
    private var line = 1
    private var lineStart: Int

    static let fieldBytesMax = 65_536
    private static let quote = UInt8(ascii: "\"")
    private static let carriageReturn = UInt8(ascii: "\r")
    private static let lineFeed = UInt8(ascii: "\n")

    init(bytes: ArraySlice<UInt8>, delimiter: UInt8, file: String) {
        self.bytes = bytes
        self.delimiter = delimiter
        self.file = file
        self.index = bytes.startIndex
        self.lineStart = bytes.startIndex
    }

    /// The next record, or nil at the end of the input.
    mutating func nextRecord() throws(InputError) -> CSVRecord? {
        guard index < bytes.endIndex else { return nil }
        let recordLine = line
        var fields: [CSVField] = []
        while true {
            let field = try nextField()
            fields.append(field)
            guard index < bytes.endIndex else { break }
            let byte = bytes[index]
            if byte == delimiter {
                index += 1
                if index == bytes.endIndex { fields.append(CSVField(text: "", line: line, column: column(at: index))) }
                continue
            }
            consumeLineEnd()
            break
        }
        return CSVRecord(line: recordLine, fields: fields)
    }

    private mutating func nextField() throws(InputError) -> CSVField {
        if index < bytes.endIndex, bytes[index] == Self.quote { return try quotedField() }
        let start = index
        let startColumn = column(at: start)
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == delimiter || byte == Self.lineFeed || byte == Self.carriageReturn { break }
            if byte == Self.quote {
                throw error(at: index, "a quote (\") inside an unquoted field; quote the whole field and double the quote (\"\")")
            }
            index += 1
        }
        return CSVField(text: try text(bytes[start..<index], at: start), line: line, column: startColumn)
    }

    private mutating func quotedField() throws(InputError) -> CSVField {
        let openingQuote = index
        let openingLine = line
        let openingColumn = column(at: openingQuote)
        index += 1
        var content: [UInt8] = []
        while true {
            guard index < bytes.endIndex else {
                throw InputError(file: file, location: .cell(line: openingLine, column: openingColumn),
                                 problem: "the quoted field that starts here is never closed; add the closing quote (\")")
            }
            let byte = bytes[index]
            if byte == Self.quote {
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
            guard content.count <= Self.fieldBytesMax else {
                throw InputError(file: file, location: .cell(line: openingLine, column: openingColumn),
                                 problem: "the quoted field that starts here is longer than \(Self.fieldBytesMax) bytes; is a closing quote missing?")
            }
            index += 1
        }
        if index < bytes.endIndex, bytes[index] != delimiter, bytes[index] != Self.lineFeed, bytes[index] != Self.carriageReturn {
            throw error(at: index, "text after the closing quote of a field; expected a delimiter or the end of the line")
        }
        let text = try text(content[...], at: openingQuote)
        return CSVField(text: text, line: openingLine, column: openingColumn + 1)
    }

    private mutating func consumeLineEnd() {
        if index < bytes.endIndex, bytes[index] == Self.carriageReturn { index += 1 }
        if index < bytes.endIndex, bytes[index] == Self.lineFeed { index += 1 }
        line += 1
        lineStart = index
    }

    private func text(_ slice: ArraySlice<UInt8>, at start: Int) throws(InputError) -> String {
        guard let text = String(validating: slice, as: UTF8.self) else {
            throw error(at: start, "the text is not valid UTF-8; save the file as UTF-8")
        }
        return text
    }

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
