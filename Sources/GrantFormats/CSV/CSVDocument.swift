/// A whole CSV file read per RFC 4180, with the two dialects spreadsheets write: comma-separated,
/// and semicolon-separated as Excel writes it in locales with a decimal comma (Latvian among
/// them). For small files (tables, project definitions); large ones go through `CSVStream`.
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
        var remaining = bytes[...]
        var stream = CSVStream(file: file, delimiter: delimiter, hashing: false) { (count) throws(InputError) in
            let chunk = Array(remaining.prefix(count))
            remaining = remaining.dropFirst(count)
            return chunk
        }
        var records: [CSVRecord] = []
        while let record = try stream.nextRecord() { records.append(record) }
        guard !records.isEmpty else {
            throw InputError(file: file, location: .wholeFile, problem: "the file holds no data, only blank lines")
        }
        self.file = file
        self.delimiter = stream.delimiter
        self.records = records
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
