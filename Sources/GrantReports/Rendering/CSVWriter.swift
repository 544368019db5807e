/// Writes CSV per RFC 4180, the one writer of every CSV the tool makes: CRLF line ends, a field
/// quoted when it holds the separator, a quote or a line break, quotes doubled. Text a
/// spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage
/// return) is neutralised with a leading apostrophe; numbers are written as they are.
struct CSVWriter {
    /// A field: text (neutralised) or a number (as written).
    enum Field {
        case text(String)
        case number(String)
    }

    let separator: String
    private(set) var text = ""

    init(separator: String = ",") { self.separator = separator }

    mutating func row(_ fields: [Field]) {
        text += fields.map { field in
            switch field {
            case .text(let value): escaped(Self.neutralised(value))
            case .number(let value): escaped(value)
            }
        }.joined(separator: separator) + "\r\n"
    }

    /// A row of text fields.
    mutating func row(_ texts: [String]) { row(texts.map(Field.text)) }

    /// Text a spreadsheet would evaluate, made inert.
    static func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }

    private func escaped(_ field: String) -> String {
        guard field.contains(separator) || field.contains(where: { $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
