import GrantCore

/// The one reader of expenditure files: `check`, `report`, `forecast` and `import` of a file or
/// folder, and the fuzz targets, read them through it. It streams a file (`CSVSplitter`) in every
/// dialect the README allows — comma or semicolon, decimal point or comma, ISO or Latvian dates,
/// quotes and quoted line breaks, CRLF, a byte-order mark, any currency at its own rate or the
/// rate table's — and checks each line against the project (partners, categories, periods,
/// closed periods), handing it on as an `ExpenditureRecord`: values read from the bytes in place,
/// texts as bytes. A value written in a rarer form (grouped digits, a sign in parentheses, spaces)
/// is read by the same parsers as a string; any bad line stops the read with its file, line and
/// column.
public struct ExpenditureReader {
    public let grant: Grant
    /// Closed periods, each with a phrase saying when and by whom, for the message.
    public let closedPeriods: [Int: String]
    /// Monthly rates for lines that give no rate of their own.
    public let rates: RateTable?
    /// The date the expenditure is submitted for control: its month picks the rate under
    /// Interreg rules.
    public let submissionDate: CalendarDate
    public let decimalMark: DecimalMark?

    public init(grant: Grant, closedPeriods: [Int: String], rates: RateTable?, submissionDate: CalendarDate, decimalMark: DecimalMark?) {
        self.grant = grant
        self.closedPeriods = closedPeriods
        self.rates = rates
        self.submissionDate = submissionDate
        self.decimalMark = decimalMark
    }

    /// Reads every line of the file `read` gives, after its header, handing each to `emit`; returns
    /// the file's SHA-256 when `hashing`. With `skipUnknown`, a line naming a partner, category or
    /// period the project does not have is handed to it and skipped, instead of stopping the read
    /// (a folder audit reports such lines as findings; an import refuses them).
    package func read(file: String, hashing: Bool, from read: @escaping (Int) throws(InputError) -> [UInt8],
                      skipUnknown: ((UnknownReference) -> Void)? = nil,
                      emit: (borrowing ExpenditureRecord) throws -> Void) throws -> [UInt8]? {
        let splitter = CSVSplitter(file: file, hashing: hashing, read: read)
        guard try splitter.next() else {
            throw InputError(file: file, location: .wholeFile, problem: "the file holds no data, only blank lines")
        }
        let columns = try ExpenditureColumns(header: splitter.record, file: file)
        let lines = LineReader(reader: self, splitter: splitter, columns: columns)
        while try splitter.next() {
            try lines.checkFieldCount()
            if let skipUnknown, let unknown = lines.unknownReference() {
                skipUnknown(unknown)
                continue
            }
            try lines.withRecord(emit)
        }
        return hashing ? splitter.contentHash : nil
    }

    /// Every line of the file as an `ExpenditureLine` with its line number (for tests and tools
    /// that want strings; the commands take the records).
    package func lines(file: String, bytes: [UInt8], chunk: Int = CSVSplitter.chunkBytes) throws -> [(ExpenditureLine, Int)] {
        var remaining = bytes[...]
        var lines: [(ExpenditureLine, Int)] = []
        _ = try read(file: file, hashing: false, from: { (count) throws(InputError) in
            let piece = Array(remaining.prefix(min(count, chunk)))
            remaining = remaining.dropFirst(piece.count)
            return piece
        }) { record in lines.append((record.expenditureLine(in: grant), record.sourceLine)) }
        return lines
    }
}

/// A line that names a partner, category or period its project does not define.
public struct UnknownReference: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case partner, category, period
    }

    public let kind: Kind
    public let value: String
    public let file: String
    public let line: Int
    public let column: Int
}
