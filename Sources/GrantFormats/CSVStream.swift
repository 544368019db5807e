import GrantCore

/// Reads a CSV file record by record, a chunk at a time, so memory stays flat however large the
/// file is. Same dialects as `CSVDocument`; it also hashes every byte it reads, so the caller
/// knows the file's SHA-256 when the last record is out.
public struct CSVStream {
    /// The file's name as the user gave it, for messages.
    public let file: String
    /// Reads up to the given number of bytes; an empty result means the end of the file.
    private let read: (Int) throws(InputError) -> [UInt8]
    private var buffer: [UInt8] = []
    private var position = 0
    private var line = 1
    private var atEnd = false
    private var hasher = SHA256()
    private var delimiterByte: UInt8 = UInt8(ascii: ",")
    private var started = false
    private var bytesRead = 0
    private var lastFieldCount = 0
    private let forcedDelimiter: Character?
    /// Whether to hash the bytes read (an import needs the file's SHA-256; a check does not).
    private let hashing: Bool

    /// Bytes asked for at a time.
    static let chunkBytes = 1 << 20

    public init(file: String, delimiter: Character? = nil, hashing: Bool = true, read: @escaping (Int) throws(InputError) -> [UInt8]) {
        self.file = file
        self.read = read
        self.forcedDelimiter = delimiter
        self.hashing = hashing
    }

    /// The field separator: the one given, or whichever of `,` and `;` the first line uses more.
    public var delimiter: Character { Character(Unicode.Scalar(delimiterByte)) }

    /// The SHA-256 of every byte of the file; complete once `nextRecord` has returned nil.
    public var contentHash: [UInt8] {
        precondition(atEnd && position == buffer.count, "The file has not been read to its end")
        precondition(hashing, "The stream was made without hashing")
        var copy = hasher
        return copy.finalize()
    }

    /// The next record that holds a non-empty field (blank lines are skipped), or nil at the end.
    public mutating func nextRecord() throws(InputError) -> CSVRecord? {
        if !started { try start() }
        while true {
            var parser = CSVParser(bytes: buffer[position...], delimiter: delimiterByte, file: file, isFinal: atEnd, firstLine: line,
                                   fieldCountHint: lastFieldCount)
            let record: CSVRecord?
            do {
                record = try parser.nextRecord()
            } catch {
                switch error {
                case .needMore:
                    try refill()
                    continue
                case .input(let problem):
                    throw problem
                }
            }
            guard let record else { return nil }
            lastFieldCount = record.fields.count
            position = parser.index
            line = parser.line
            // A line of nothing but spaces and delimiters is blank too.
            if record.fields.contains(where: { !$0.text.trimmingSpaces.isEmpty }) { return record }
        }
    }

    private mutating func start() throws(InputError) {
        started = true
        // The byte-order mark and the delimiter are decided from the first line: read until it is whole.
        // A first line longer than any line may be stops the search; the parser then says so.
        repeat { try refill() } while !atEnd && !buffer.contains(UInt8(ascii: "\n")) && buffer.count <= Limits.recordBytesMax
        guard !buffer.isEmpty else { throw InputError(file: file, location: .wholeFile, problem: "the file is empty") }
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        if buffer.starts(with: [0xFF, 0xFE]) || buffer.starts(with: [0xFE, 0xFF]) {
            throw InputError(file: file, location: .wholeFile,
                             problem: "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as CSV UTF-8, e.g. in Excel \"CSV UTF-8 (Comma delimited)\"")
        }
        delimiterByte = (forcedDelimiter ?? Self.detectDelimiter(buffer[position...])).asciiValue!
    }

    /// Drops what has been read and appends the next chunk.
    private mutating func refill() throws(InputError) {
        if position > 0 {
            buffer.removeFirst(position)
            position = 0
        }
        let chunk = try read(Self.chunkBytes)
        if chunk.isEmpty {
            atEnd = true
        } else {
            bytesRead += chunk.count
            guard bytesRead <= Limits.inputFileBytesMax else {
                throw InputError(file: file, location: .wholeFile,
                                 problem: "the file is larger than \(Limits.inputFileBytesMax) bytes, the most an input file may have; split it into several files")
            }
            if hashing { hasher.update(chunk) }
            buffer.append(contentsOf: chunk)
        }
    }

    static func detectDelimiter(_ bytes: ArraySlice<UInt8>) -> Character {
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
