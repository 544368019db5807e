/// The two fonts every PDF report is set in, DejaVu Sans Condensed and its bold, embedded in each
/// file with only the glyphs it uses: every European name (Latvian, Lithuanian, Polish,
/// Romanian, Hungarian, Greek, Cyrillic …) prints as written in any viewer, and `pdftotext`
/// extracts it as the letters it is. A character the fonts lack prints as the replacement
/// character (U+FFFD), never as a look-alike.
struct EmbeddedFont: Sendable {
    /// The PostScript name, without a subset tag.
    let name: String
    let font: TrueTypeFont
    /// The descriptor's stem width, which PDF viewers use only when they must substitute.
    let stemWidth: Int

    static let regular = EmbeddedFont(name: "DejaVuSansCondensed", font: TrueTypeFont(Base64.decode(regularData)), stemWidth: 80)
    static let bold = EmbeddedFont(name: "DejaVuSansCondensed-Bold", font: TrueTypeFont(Base64.decode(boldData)), stemWidth: 140)

    /// The glyphs that draw `text`, one per Unicode scalar (a combining mark is a glyph of its
    /// own, drawn over the letter before it).
    func glyphs(_ text: String) -> [UInt16] {
        let replacement = font.glyph("\u{FFFD}") ?? 0
        return text.unicodeScalars.map { font.glyph($0) ?? replacement }
    }

    /// The width of `text` at `size` points, in thousandths of a point.
    func width(_ text: String, size: Int) -> Int {
        glyphs(text).reduce(0) { $0 + font.width($1) } * size
    }
}

/// Base64 text (line breaks ignored) to bytes: how the generated font data is stored.
enum Base64 {
    static func decode(_ text: String) -> [UInt8] {
        var values: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - UInt8(ascii: "a") + 26)
            case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte - UInt8(ascii: "0") + 52)
            case UInt8(ascii: "+"): values.append(62)
            case UInt8(ascii: "/"): values.append(63)
            default: continue  // line breaks, padding
            }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(values.count * 3 / 4)
        var index = 0
        while index + 1 < values.count {
            let quad = (0..<4).map { index + $0 < values.count ? UInt32(values[index + $0]) : 0 }
            let word = quad[0] << 18 | quad[1] << 12 | quad[2] << 6 | quad[3]
            let available = min(3, values.count - index - 1)
            for position in 0..<available { bytes.append(UInt8(word >> (16 - 8 * position) & 0xFF)) }
            index += 4
        }
        return bytes
    }
}
