/// A CSV file read per RFC 4180, with the two dialects spreadsheets write: comma-separated, and
/// semicolon-separated as Excel writes it in locales with a decimal comma (Latvian among them).
///
/// UTF-8 with or without a byte-order mark; LF or CRLF line ends; fields quoted with `"` and
/// quotes doubled inside them. Every field keeps the line and column where it starts.
public struct CSVDocument: Sendable {
    /// The file's name as the user gave it, for messages.
    public let file: String
    /// The field separator, decided from the header line.
    public let delimiter: Character
    /// The records that hold at least one non-empty field; blank lines are skipped.
    public let records: [CSVRecord]

    /// Reads `bytes`. The delimiter is the one given, or else whichever of `,` and `;` occurs more
    /// often outside quotes on the first line (a comma when neither does).
    public init(bytes: [UInt8], file: String, delimiter: Character? = nil) throws(InputError) {
        guard !bytes.isEmpty else { throw InputError(file: file, location: .wholeFile, problem: "the file is empty") }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        let chosen = delimiter ?? Self.detectDelimiter(body)
        var parser = CSVParser(bytes: body, delimiter: chosen.asciiValue!, file: file)
        var records: [CSVRecord] = []
        while let record = try parser.nextRecord() {
            if record.fields.contains(where: { !$0.text.isEmpty }) { records.append(record) }
        }
        guard !records.isEmpty else {
            throw InputError(file: file, location: .wholeFile, problem: "the file holds no data, only blank lines")
        }
        self.file = file
        self.delimiter = chosen
        self.records = records
    }

    private static func detectDelimiter(_ bytes: ArraySlice<UInt8>) -> Character {
        var inQuotes = false
        var commas = 0
        var semicolons = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if inQuotes { continue }
            if byte == UInt8(ascii: "\n") { break }
            if byte == UInt8(ascii: ",") { commas += 1 }
            if byte == UInt8(ascii: ";") { semicolons += 1 }
        }
        return semicolons > commas ? ";" : ","
    }
}

/// One record of a CSV file.
public struct CSVRecord: Sendable, Equatable {
    /// The line the record starts on.
    public let line: Int
    /// The fields, in order.
    public let fields: [CSVField]
}

/// One field of a CSV record, with where its text starts.
public struct CSVField: Sendable, Equatable {
    /// The field's text, unquoted.
    public let text: String
    /// The line its text starts on.
    public let line: Int
    /// The column (1-based, in characters) its text starts at; after the opening quote if quoted.
    public let column: Int
}
