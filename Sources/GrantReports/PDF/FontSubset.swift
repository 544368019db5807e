import GrantCore

/// One font as one PDF embeds it: only the glyphs the document's texts use, numbered 1, 2, … as
/// the file's character codes (two bytes each, Identity-H), with their widths and the text each
/// stands for (a ToUnicode map), so the file shows and extracts every name as written.
struct FontSubset {
    let font: EmbeddedFont
    /// Each used glyph of the font by its new number, the code the page text uses.
    private let numbers: [UInt16: UInt16]
    /// The subset font file.
    private let file: [UInt8]
    /// The character each new glyph number stands for.
    private let characters: [UInt16: Unicode.Scalar]
    /// The font's glyph behind each new number (0 for .notdef).
    private let glyphsByNumber: [UInt16]

    init(_ font: EmbeddedFont, texts: [String]) {
        self.font = font
        var firstCharacter: [UInt16: Unicode.Scalar] = [:]
        for text in texts {
            for (scalar, glyph) in zip(text.unicodeScalars, font.glyphs(text)) where firstCharacter[glyph] == nil {
                firstCharacter[glyph] = font.font.glyph(scalar) == nil ? "\u{FFFD}" : scalar
            }
        }
        let (file, numbers) = font.font.subset(firstCharacter.keys.sorted())
        self.file = file
        self.numbers = numbers
        var characters: [UInt16: Unicode.Scalar] = [:]
        for (glyph, scalar) in firstCharacter { characters[numbers[glyph]!] = scalar }
        self.characters = characters
        var byNumber = [UInt16](repeating: 0, count: numbers.count)
        for (glyph, number) in numbers { byNumber[Int(number)] = glyph }
        glyphsByNumber = byNumber
    }

    /// `text` as a PDF hexadecimal string of the subset's codes.
    func encode(_ text: String) -> String {
        "<" + font.glyphs(text).map { Self.hex(numbers[$0] ?? 0) }.joined() + ">"
    }

    /// The subset's name: six capitals derived from its glyphs (as PDF names a subset), then the font's.
    var baseFont: String {
        let tag = SHA256.hash(file).prefix(6).map { String(Character(Unicode.Scalar(UInt8(ascii: "A") + $0 % 26))) }.joined()
        return "\(tag)+\(font.name)"
    }

    /// The five objects of the font, numbered from `first`: the Type 0 font (what a page names),
    /// its CID font, the font descriptor, the font file and the ToUnicode map.
    func objects(first: Int) -> [[UInt8]] {
        let metrics = font.font
        let box = metrics.boundingBox.map { String(metrics.thousandths($0)) }.joined(separator: " ")
        let widths = glyphsByNumber.map { String(metrics.width($0)) }.joined(separator: " ")
        let type0 = "<< /Type /Font /Subtype /Type0 /BaseFont /\(baseFont) /Encoding /Identity-H /DescendantFonts [\(first + 1) 0 R] "
            + "/ToUnicode \(first + 4) 0 R >>"
        let cidFont = "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /\(baseFont) "
            + "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor \(first + 2) 0 R "
            + "/CIDToGIDMap /Identity /DW 1000 /W [0 [\(widths)]] >>"
        let descriptor = "<< /Type /FontDescriptor /FontName /\(baseFont) /Flags 32 /FontBBox [\(box)] /ItalicAngle 0 "
            + "/Ascent \(metrics.thousandths(metrics.ascender)) /Descent \(metrics.thousandths(metrics.descender)) "
            + "/CapHeight \(metrics.thousandths(metrics.capHeight)) /StemV \(font.stemWidth) /FontFile2 \(first + 3) 0 R >>"
        return [Array(type0.utf8), Array(cidFont.utf8), Array(descriptor.utf8),
                PDFFile.stream(file, dictionary: "/Length1 \(file.count)"), PDFFile.stream(Array(toUnicode.utf8))]
    }

    /// The CMap that gives each code's text, in blocks of at most 100 as the format allows.
    private var toUnicode: String {
        let pairs = characters.sorted { $0.key < $1.key }.map { "<\(Self.hex($0.key))> <\(Self.utf16($0.value))>" }
        var blocks = ""
        var start = 0
        while start < pairs.count {
            let block = pairs[start..<min(start + 100, pairs.count)]
            blocks += "\(block.count) beginbfchar\n" + block.joined(separator: "\n") + "\nendbfchar\n"
            start += 100
        }
        return """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def
            1 begincodespacerange
            <0000> <FFFF>
            endcodespacerange
            \(blocks)endcmap
            CMapName currentdict /defineresource pop
            end
            end
            """
    }

    private static func hex(_ value: UInt16) -> String { PDFFile.hex(value) }

    private static func utf16(_ scalar: Unicode.Scalar) -> String {
        String(scalar).utf16.map(PDFFile.hex).joined()
    }
}
