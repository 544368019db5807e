import GrantCore

/// A JSON value as RFC 8259 defines it, with numbers kept as written (so no amount or whole
/// number passes through a binary fraction) and object members in file order.
indirect enum JSONValue {
    case object([(key: String, value: JSONNode)])
    case array([JSONNode])
    case string(String)
    case number(String)
    case bool(Bool)
    case null
}

/// A value and where it starts (line, and column in characters), so a message about it can
/// point at it.
struct JSONNode {
    let value: JSONValue
    let line: Int
    let column: Int
}

/// A strict JSON reader: no comments, no trailing commas, no duplicate keys, no invalid UTF-8,
/// nesting at most `Limits.jsonDepthMax` deep. A syntax error names the line and column.
struct JSONParser {
    private let bytes: [UInt8]
    private let file: String
    private var index = 0
    private var line = 1
    private var lineStart = 0
    private var depth = 0
    private var columns = ColumnCounter()

    static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> JSONNode {
        var parser = JSONParser(bytes: bytes, file: file)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { parser.index = 3; parser.lineStart = 3 }
        parser.skipSpace()
        guard parser.index < bytes.count else { throw InputError(file: file, location: .wholeFile, problem: "the file is empty; expected a JSON object") }
        let value = try parser.value()
        parser.skipSpace()
        guard parser.index == bytes.count else { throw parser.error("text after the end of the JSON document") }
        return value
    }

    private init(bytes: [UInt8], file: String) {
        self.bytes = bytes
        self.file = file
    }

    private mutating func value() throws(InputError) -> JSONNode {
        let (line, column) = (line, nodeColumn())
        return JSONNode(value: try bareValue(), line: line, column: column)
    }

    private mutating func nodeColumn() -> Int { columns.column(of: index, lineStart: lineStart, in: bytes) }

    private mutating func bareValue() throws(InputError) -> JSONValue {
        guard index < bytes.count else { throw error("the document ends here; expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try nested { (parser) throws(InputError) in try parser.object() }
        case UInt8(ascii: "["): return try nested { (parser) throws(InputError) in try parser.array() }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
        default: throw error("expected a value (an object, a list, text in quotes, a number, true, false or null)")
        }
    }

    private mutating func nested(_ body: (inout JSONParser) throws(InputError) -> JSONValue) throws(InputError) -> JSONValue {
        depth += 1
        guard depth <= Limits.jsonDepthMax else { throw error("the document nests deeper than \(Limits.jsonDepthMax) levels") }
        defer { depth -= 1 }
        return try body(&self)
    }

    private mutating func object() throws(InputError) -> JSONValue {
        index += 1
        var members: [(key: String, value: JSONNode)] = []
        var keys = Set<String>()
        skipSpace()
        if take("}") { return .object(members) }
        repeat {
            skipSpace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
            let keyStart = position
            let key = try string()
            guard keys.insert(key).inserted else { throw error("the key \"\(key)\" appears twice in this object; keep one", at: keyStart) }
            skipSpace()
            guard take(":") else { throw error("expected : after the key \"\(key)\"") }
            skipSpace()
            members.append((key, try value()))
            skipSpace()
        } while take(",")
        guard take("}") else { throw error("expected , or } after a member of the object") }
        return .object(members)
    }

    private mutating func array() throws(InputError) -> JSONValue {
        index += 1
        var elements: [JSONNode] = []
        skipSpace()
        if take("]") { return .array(elements) }
        repeat {
            skipSpace()
            elements.append(try value())
            skipSpace()
        } while take(",")
        guard take("]") else { throw error("expected , or ] after an element of the list") }
        return .array(elements)
    }

    private mutating func string() throws(InputError) -> String {
        let opening = position
        index += 1
        // Most texts have no escape: taken as they stand, without copying byte by byte.
        if let end = bytes[index...].firstIndex(where: { $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 < 0x20 }),
           bytes[end] == UInt8(ascii: "\"") {
            guard let valid = String(validating: bytes[index..<end], as: UTF8.self) else {
                throw error("the text in quotes that starts here is not valid UTF-8; save the file as UTF-8", at: opening)
            }
            if let control = valid.firstBidiControl { throw error(bidiControlProblem(control), at: opening) }
            if let control = valid.firstControlCharacter() { throw error(controlCharacterProblem(control), at: opening) }
            index = end + 1
            return valid
        }
        var text: [UInt8] = []
        while true {
            guard index < bytes.count else { throw error("the text in quotes that starts here is never closed; add the closing quote (\")", at: opening) }
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let valid = String(validating: text, as: UTF8.self) else {
                    throw error("the text in quotes that starts here is not valid UTF-8; save the file as UTF-8", at: opening)
                }
                if let control = valid.firstBidiControl { throw error(bidiControlProblem(control), at: opening) }
                // Escapes may write any character; a line break or tab may stand in free text, nothing else a terminal acts on.
                if let control = valid.firstControlCharacter(allowing: [0x09, 0x0A]) {
                    throw error(controlCharacterProblem(control), at: opening)
                }
                return valid
            case UInt8(ascii: "\\"):
                try escape(into: &text)
            case 0..<0x20:
                throw error("a control character (byte \(byte)) inside text in quotes; write it as an escape such as \\n")
            default:
                text.append(byte)
                index += 1
            }
        }
    }

    private mutating func escape(into text: inout [UInt8]) throws(InputError) {
        index += 1
        guard index < bytes.count else { throw error("the document ends inside an escape") }
        let simple: [UInt8: UInt8] = [UInt8(ascii: "\""): 0x22, UInt8(ascii: "\\"): 0x5C, UInt8(ascii: "/"): 0x2F, UInt8(ascii: "b"): 0x08,
                                      UInt8(ascii: "f"): 0x0C, UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09]
        if let byte = simple[bytes[index]] {
            text.append(byte)
            index += 1
            return
        }
        guard bytes[index] == UInt8(ascii: "u") else { throw error("an unknown escape; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX") }
        index += 1
        var scalar = try hexQuad()
        if (0xD800...0xDBFF).contains(scalar) {
            // A high surrogate must be followed by an escaped low one; together they are one character.
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                throw error("a lone surrogate escape; expected \\uDC00–\\uDFFF after it")
            }
            index += 2
            let low = try hexQuad()
            guard (0xDC00...0xDFFF).contains(low) else { throw error("expected a low surrogate escape \\uDC00–\\uDFFF") }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        }
        guard let character = Unicode.Scalar(scalar) else { throw error("a lone surrogate escape is not a character") }
        text.append(contentsOf: Array(String(Character(character)).utf8))
    }

    private mutating func hexQuad() throws(InputError) -> UInt32 {
        guard index + 4 <= bytes.count, let value = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16),
              bytes[index..<index + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") }) else {
            throw error("expected four hexadecimal digits after \\u")
        }
        index += 4
        return value
    }

    private mutating func number() throws(InputError) -> String {
        let start = index
        let opening = position
        func digits(_ parser: inout JSONParser) -> Int {
            let first = parser.index
            while parser.index < parser.bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(parser.bytes[parser.index]) { parser.index += 1 }
            return parser.index - first
        }
        _ = take("-")
        let whole = index
        guard digits(&self) > 0 else { throw error("expected a digit") }
        if bytes[whole] == UInt8(ascii: "0"), index - whole > 1 { throw error("a number does not start with 0; write it without leading zeros", at: opening) }
        if take(".") { guard digits(&self) > 0 else { throw error("expected a digit after the decimal point") } }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if !(take("+")) { _ = take("-") }
            guard digits(&self) > 0 else { throw error("expected the exponent's digits") }
        }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    private mutating func literal(_ word: String) throws(InputError) {
        let expected = Array(word.utf8)
        guard bytes[index...].starts(with: expected) else { throw error("expected \(word)") }
        index += expected.count
    }

    /// Consumes `character` when it is next.
    private mutating func take(_ character: Unicode.Scalar) -> Bool {
        guard index < bytes.count, bytes[index] == UInt8(ascii: character) else { return false }
        index += 1
        return true
    }

    private mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): index += 1
            case UInt8(ascii: "\n"):
                index += 1
                line += 1
                lineStart = index
            default: return
            }
        }
    }

    /// Where the parser is: byte, line, and the line's first byte.
    private var position: (index: Int, line: Int, lineStart: Int) { (index, line, lineStart) }

    /// An error at the current position, or at `place`; the column counts characters, not bytes.
    private func error(_ problem: String, at place: (index: Int, line: Int, lineStart: Int)? = nil) -> InputError {
        let place = place ?? position
        return InputError(file: file, location: .cell(line: place.line, column: column(at: place)), problem: problem)
    }

    private func column(at place: (index: Int, line: Int, lineStart: Int)) -> Int {
        1 + bytes[place.lineStart..<min(place.index, bytes.count)].count { $0 & 0xC0 != 0x80 }
    }
}
