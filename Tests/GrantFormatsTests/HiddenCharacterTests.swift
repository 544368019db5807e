import GrantCore
import Testing
@testable import GrantFormats

/// Characters that hide the order of text or that a terminal acts on never get in.
@Suite("Hidden and control characters refused by the readers")
struct HiddenCharacterTests {
    static let bidiControls: [UInt32] = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    @Test("each of the twelve bidirectional controls is refused in a CSV field, naming the cell", arguments: bidiControls)
    func bidiInCSV(_ value: UInt32) {
        let text = "a,b\nx,INV\(Character(Unicode.Scalar(value)!))1\n"
        let code = String(value, radix: 16, uppercase: true)
        #expect(throws: InputError(file: "t.csv", location: .cell(line: 2, column: 3),
                                   problem: "the text holds an invisible bidirectional control character (U+\(code)), "
                                       + "which makes it display in another order than it is stored; remove it")) {
            _ = try CSVDocument(bytes: Array(text.utf8), file: "t.csv")
        }
    }

    @Test("DEL and C1 controls are refused in a CSV field", arguments: [UInt32(0x7F), 0x85, 0x9B])
    func c1InCSV(_ value: UInt32) {
        let text = "a,b\nx,y\(Character(Unicode.Scalar(value)!))\n"
        #expect(throws: InputError.self) { _ = try CSVDocument(bytes: Array(text.utf8), file: "t.csv") }
    }

    @Test("an escaped NUL, ESC or C1 control in a JSON text is refused; an escaped line break is text",
          arguments: ["\\u0000", "\\u001b[2J", "\\u009b", "\\u007f"])
    func controlsInJSON(_ escape: String) throws {
        #expect(throws: InputError.self) { _ = try JSONParser.parse(Array("{\"name\": \"LP\(escape)x\"}".utf8), file: "p.json") }
        _ = try JSONParser.parse(Array("{\"notes\": \"line one\\nline two\\tend\"}".utf8), file: "p.json")
    }
}
