import Testing
@testable import GrantFormats

@Suite("JSON reader")
struct JSONParserTests {
    func problem(_ text: String) -> (InputLocation, String)? {
        do {
            _ = try JSONParser.parse(Array(text.utf8), file: "p.json")
            return nil
        } catch {
            return (error.location, error.problem)
        }
    }

    @Test("syntax errors name the line and column and say what was expected",
          arguments: [
              ("{\n  \"a\": 1,\n}", 3, 1, "expected a key in quotes"),
              ("{\"a\": 1 // note\n}", 1, 9, "expected , or } after a member of the object"),
              ("{\"a\": [1, 2,]}", 1, 13, "expected a value (an object, a list, text in quotes, a number, true, false or null)"),
              ("{\"a\": 1, \"a\": 2}", 1, 10, "the key \"a\" appears twice in this object; keep one"),
              ("{\"a\": \"x\ty\"}", 1, 9, "a control character (byte 9) inside text in quotes; write it as an escape such as \\n"),
              ("{\"a\": \"\\ud800\"}", 1, 14, "a lone surrogate escape; expected \\uDC00–\\uDFFF after it"),
              ("{\"a\": 012}", 1, 7, "a number does not start with 0; write it without leading zeros"),
              ("{\"a\": tru}", 1, 7, "expected true"),
              ("{\"a\": \"never closed", 1, 7, "the text in quotes that starts here is never closed; add the closing quote (\")"),
              ("{} {}", 1, 4, "text after the end of the JSON document"),
              ("{\"ā\": x}", 1, 7, "expected a value (an object, a list, text in quotes, a number, true, false or null)"),
          ])
    func syntaxErrors(text: String, line: Int, column: Int, message: String) {
        let found = problem(text)
        #expect(found?.0 == .cell(line: line, column: column))
        #expect(found?.1 == message)
    }

    @Test("escapes, surrogate pairs, numbers as written, members in order")
    func values() throws {
        let value = try JSONParser.parse(Array(#"{"b": "\u0101\ud83d\ude00\n", "a": -12.50e+3, "c": [true, false, null]}"#.utf8), file: "p.json").value
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "c"])
        guard case .string(let text) = members[0].value.value, case .number(let number) = members[1].value.value else { Issue.record("wrong kinds"); return }
        #expect(text == "ā😀\n")
        #expect(number == "-12.50e+3")
    }

    @Test("invalid UTF-8 in text is refused")
    func invalidUTF8() {
        #expect(throws: InputError(file: "p.json", location: .cell(line: 1, column: 6), problem: "the text in quotes that starts here is not valid UTF-8; save the file as UTF-8")) {
            try JSONParser.parse([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], file: "p.json")
        }
    }
}
