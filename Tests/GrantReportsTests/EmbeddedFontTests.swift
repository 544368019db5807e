import Testing
@testable import GrantReports

@Suite("Embedded PDF fonts")
struct EmbeddedFontTests {
    @Test("every letter of the scripts a partnership writes in has its own glyph; a character the font lacks draws U+FFFD")
    func coverage() {
        let font = EmbeddedFont.regular
        let replacement = font.font.glyph("\u{FFFD}")!
        let samples = ["āčēģīķļņšūž", "ąęėįųłśźżćńó", "ăâîșț", "őű", "Παπαδόπουλος", "Иванов Ђорђевић", "€–—‘’“”„…"]
        for text in samples {
            #expect(!font.glyphs(text).contains(replacement), "\(text)")
            #expect(!font.glyphs(text).contains(0), "\(text)")
        }
        #expect(font.glyphs("漢") == [replacement])
    }

    @Test("widths are the font's advances in thousandths of the size: 'Līga' at 8 pt")
    func widths() {
        let font = EmbeddedFont.regular
        let advances = font.glyphs("Līga").map { font.font.width($0) }
        #expect(font.width("Līga", size: 8) == advances.reduce(0, +) * 8)
        // DejaVu Sans Condensed, 2048 units to the em: L 1026, ī 512, g 1170, a 1129 units.
        #expect(advances == [501, 250, 571, 551])
    }

    @Test("a subset keeps the used glyphs (and a composite's parts), numbered from 1, with their widths")
    func subsets() {
        let font = EmbeddedFont.bold.font
        let used = [font.glyph("Ž")!, font.glyph("a")!]
        let (bytes, numbers) = font.subset(used)
        let subset = TrueTypeFont(bytes)
        #expect(numbers[used[0]] == 1 && numbers[used[1]] != nil && numbers[0] == 0)
        for glyph in used { #expect(subset.width(numbers[glyph]!) == font.width(glyph)) }
        #expect(subset.unitsPerEm == 2048 && subset.boundingBox == font.boundingBox)
    }
}
