import Testing
@testable import GrantReports

@Suite("Wrapping text")
struct TextLayoutTests {
    static let texts = [
        "", " ", "a", "a  b", "  leading spaces", "trailing spaces  ", "one averyveryverylongwordthatnevernevernefits two",
        "Entry 12 declares 1,234.56 EUR of an invoice whose gross is 1,000.00 EUR: 234.56 EUR is declared twice (Reg. 1303/2013)",
        "words  with   runs    of     spaces      between       them        all         along",
        "Latgales plānošanas reģions, Šiaulių rajono savivaldybė: SIA \"Ūdens\" / Nr. 2017-ŽŪ-0045 declared twice",
        "a\r\nb c\r\n d", "e\u{301}e\u{301} x", "Ελληνικά και Кириллица между ними",
    ]

    @Test("a text wraps on its bytes exactly as it does character by character", arguments: texts, [1, 8, 20, 40])
    func bytesAsCharacters(text: String, width: Int) throws {
        let bytes = try #require(TextLayout.wrappedOnBytes(text, width: width, indent: "  ", hanging: "    "))
        #expect(bytes == TextLayout.wrappedByCharacter(text, width: width, indent: "  ", hanging: "    "))
    }

    @Test("a sentence breaks at the last space that fits")
    func breaks() {
        #expect(TextLayout.wrapped("the same invoice declared twice", width: 16, indent: "- ", hanging: "  ")
            == ["- the same", "  invoice", "  declared twice"])
    }

    @Test("a word's letters beyond ASCII count as characters, not bytes")
    func beyondASCII() {
        #expect(TextLayout.wrapped("Latgales plānošanas reģions", width: 19, indent: "") == ["Latgales plānošanas", "reģions"])
    }

    @Test("a space a combining mark joins is no break, as character by character")
    func combiningSpace() {
        let text = "a \u{301}b c"
        #expect(TextLayout.wrappedOnBytes(text, width: 3, indent: "", hanging: nil) == nil)
        #expect(TextLayout.wrapped(text, width: 3, indent: "") == TextLayout.wrappedByCharacter(text, width: 3, indent: "", hanging: nil))
    }
}
