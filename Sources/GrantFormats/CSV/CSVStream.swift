import GrantCore

/// Reads a CSV file record by record as strings, a chunk at a time (`CSVSplitter`), so memory
/// stays flat however large the file is; it also hashes every byte it reads when asked, so the
/// caller knows the file's SHA-256 when the last record is out.
public struct CSVStream {
    private let splitter: CSVSplitter

    public init(file: String, delimiter: Character? = nil, hashing: Bool = true, read: @escaping (Int) throws(InputError) -> [UInt8]) {
        splitter = CSVSplitter(file: file, delimiter: delimiter, hashing: hashing, read: read)
    }

    /// The file's name as the user gave it, for messages.
    public var file: String { splitter.file }

    /// The field separator: the one given, or whichever of `,` and `;` the first line uses more.
    public var delimiter: Character { Character(Unicode.Scalar(splitter.delimiter)) }

    /// The SHA-256 of every byte of the file; complete once `nextRecord` has returned nil.
    public var contentHash: [UInt8] { splitter.contentHash }

    /// The next record that holds a non-empty field (blank lines are skipped), or nil at the end.
    public mutating func nextRecord() throws(InputError) -> CSVRecord? {
        try splitter.next() ? splitter.record : nil
    }
}
