import Testing
@testable import GrantReports

@Suite("JSON rendering")
struct JSONValueTests {
    @Test("objects keep their order and strings are escaped")
    func renders() {
        let value = JSONValue.object([
            ("b", .string("quote \" backslash \\ newline \n tab \t bell \u{07}")),
            ("a", .array([.integer(-1), .bool(true), .null])),
            ("empty", .array([])),
        ])
        #expect(value.rendered() == """
        {
          "b": "quote \\" backslash \\\\ newline \\n tab \\t bell \\u0007",
          "a": [
            -1,
            true,
            null
          ],
          "empty": []
        }

        """)
    }
}
