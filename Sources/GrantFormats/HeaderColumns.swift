/// A kind of column a file format recognises by its header.
protocol HeaderField: Hashable, CaseIterable, RawRepresentable where RawValue == String {
    /// The column a header names, or nil when it names none of this format's.
    static func recognising(_ header: String) -> Self?
    /// The headers a person should write, for messages.
    static var expectedHeaders: String { get }
    /// The format, as messages name it: "a budget table".
    static var formatName: String { get }
    /// Whether a file without this column can still be read.
    var isRequired: Bool { get }
    /// The column's place in `allCases`, written out so looking a field up costs no hashing.
    var ordinal: Int { get }
}

/// Which field of a record holds which column, read from a header line. Unknown and repeated
/// columns, and missing required ones, are refused with where and what was expected.
struct HeaderColumns<Field: HeaderField> {
    /// The record position of each field, by the field's ordinal.
    private let positions: [Int?]
    /// The number of fields the header has.
    let headerCount: Int

    init(header: CSVRecord, file: String) throws(InputError) {
        var positions: [Field: Int] = [:]
        for (index, field) in header.fields.enumerated() {
            guard let meaning = Field.recognising(field.text) else {
                if field.text.isEmpty, index == header.fields.count - 1 { continue }  // A trailing delimiter.
                throw InputError(file: file, location: .cell(line: field.line, column: field.column),
                                 problem: "the column \"\(field.text)\" is not one \(Field.formatName) has; expected \(Field.expectedHeaders)")
            }
            if let earlier = positions[meaning] {
                throw InputError(file: file, location: .cell(line: field.line, column: field.column),
                                 problem: "the column \"\(field.text)\" means \(meaning.rawValue), as column \(earlier + 1) \"\(header.fields[earlier].text)\" already does")
            }
            positions[meaning] = index
        }
        let missing = Field.allCases.filter { $0.isRequired && positions[$0] == nil }
        guard missing.isEmpty else {
            let found = header.fields.map { "\"\($0.text)\"" }.joined(separator: ", ")
            throw InputError(file: file, location: .line(header.line),
                             problem: "the header lacks the column\(missing.count > 1 ? "s" : "") \(missing.map(\.rawValue).joined(separator: ", ")); found \(found); expected \(Field.expectedHeaders)")
        }
        var byOrdinal = [Int?](repeating: nil, count: Field.allCases.count)
        for (field, position) in positions { byOrdinal[field.ordinal] = position }
        self.positions = byOrdinal
        self.headerCount = header.fields.count
    }

    /// The 0-based position of `column` in each record, or nil when the file lacks it.
    func position(of column: Field) -> Int? { positions[column.ordinal] }

    /// The field of `record` that holds `column`, or nil for an optional column the file lacks.
    func field(_ column: Field, of record: CSVRecord) -> CSVField? {
        positions[column.ordinal].map { record.fields[$0] }
    }
}
