/// Writes CSV per RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a
/// comma, quote or line break, quotes doubled.
struct CSVWriter {
    private(set) var text = ""

    mutating func row(_ fields: [String]) {
        text += fields.map(Self.escaped).joined(separator: ",") + "\r\n"
    }

    static func escaped(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingQuotes + "\""
    }
}

private extension String {
    var replacingQuotes: String {
        var result = ""
        for character in self {
            if character == "\"" { result += "\"\"" } else { result.append(character) }
        }
        return result
    }
}
