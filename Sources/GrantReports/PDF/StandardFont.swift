/// Helvetica and Helvetica-Bold, two of PDF's standard fonts, with Adobe's published widths
/// (from the core font metrics) and an encoding that adds the Latvian and Lithuanian letters:
/// WinAnsi for ASCII and Latin-1, and codes 0x80–0x9F redefined (a /Differences array) to
/// ā Ā č Č ē Ē ģ Ģ ī Ī ķ Ķ ļ Ļ ņ Ņ š Š ū Ū ž Ž ą Ą ę Ę ė Ė į Į ų Ų by their standard glyph
/// names, so viewers draw them and `pdftotext` extracts them as the letters they are.
struct StandardFont: Sendable {
    /// The PostScript name: `Helvetica` or `Helvetica-Bold`.
    let name: String
    /// Widths in thousandths of the font size, for codes 32–255.
    private let widths: [Int]

    static let regular = StandardFont(name: "Helvetica", ascii: helveticaASCII, latin1: helveticaLatin1)
    static let bold = StandardFont(name: "Helvetica-Bold", ascii: helveticaBoldASCII, latin1: helveticaBoldLatin1)

    private init(name: String, ascii: [Int], latin1: [Int]) {
        var widths = ascii + [ascii[0]]  // 32…126, then 127.
        for (_, _, base) in Self.balticLetters {
            widths.append(base == "ī" || base == "Ī" ? ascii[Int(Character("t").asciiValue!) - 32] : ascii[Int(base.asciiValue!) - 32])
        }
        widths += latin1  // 0xA0…0xFF
        precondition(widths.count == 224, "Widths for codes 32 to 255")
        self.name = name
        self.widths = widths
    }

    /// The Baltic letters in code order from 0x80: the letter, its glyph name, and the base
    /// letter whose width it shares (ī and Ī take the dotless i's).
    static let balticLetters: [(Character, String, Character)] = [
        ("ā", "amacron", "a"), ("Ā", "Amacron", "A"), ("č", "ccaron", "c"), ("Č", "Ccaron", "C"),
        ("ē", "emacron", "e"), ("Ē", "Emacron", "E"), ("ģ", "gcommaaccent", "g"), ("Ģ", "Gcommaaccent", "G"),
        ("ī", "imacron", "ī"), ("Ī", "Imacron", "Ī"), ("ķ", "kcommaaccent", "k"), ("Ķ", "Kcommaaccent", "K"),
        ("ļ", "lcommaaccent", "l"), ("Ļ", "Lcommaaccent", "L"), ("ņ", "ncommaaccent", "n"), ("Ņ", "Ncommaaccent", "N"),
        ("š", "scaron", "s"), ("Š", "Scaron", "S"), ("ū", "umacron", "u"), ("Ū", "Umacron", "U"),
        ("ž", "zcaron", "z"), ("Ž", "Zcaron", "Z"), ("ą", "aogonek", "a"), ("Ą", "Aogonek", "A"),
        ("ę", "eogonek", "e"), ("Ę", "Eogonek", "E"), ("ė", "edotaccent", "e"), ("Ė", "Edotaccent", "E"),
        ("į", "iogonek", "i"), ("Į", "Iogonek", "I"), ("ų", "uogonek", "u"), ("Ų", "Uogonek", "U"),
    ]

    private static let balticCodes: [Character: UInt8] = Dictionary(
        uniqueKeysWithValues: balticLetters.enumerated().map { ($1.0, UInt8(0x80 + $0)) })

    /// The font's /Differences array.
    static var differences: String {
        "[128 " + balticLetters.map { "/" + $0.1 }.joined(separator: " ") + "]"
    }

    /// The bytes that show `text` in this encoding. Dashes and the ellipsis, which the encoding
    /// leaves out, are written as ASCII; anything else it cannot show becomes `?`.
    static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for character in text {
            if let ascii = character.asciiValue, ascii >= 32, ascii < 127 {
                bytes.append(ascii)
            } else if let code = balticCodes[character] {
                bytes.append(code)
            } else if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1, scalar.value >= 0xA0, scalar.value <= 0xFF {
                bytes.append(UInt8(scalar.value))
            } else {
                switch character {
                case "–", "—", "−": bytes.append(UInt8(ascii: "-"))
                case "…": bytes += Array("...".utf8)
                case "’", "‘": bytes.append(UInt8(ascii: "'"))
                case "“", "”", "„": bytes.append(UInt8(ascii: "\""))
                default: bytes.append(UInt8(ascii: "?"))
                }
            }
        }
        return bytes
    }

    /// The width of `text` at `size` points, in thousandths of a point (integer arithmetic).
    func width(_ text: String, size: Int) -> Int {
        Self.encode(text).reduce(0) { $0 + widths[Int($1) - 32] } * size
    }

    /// The /Widths array for codes 32–255.
    var widthsArray: String { "[" + widths.map(String.init).joined(separator: " ") + "]" }

    static let helveticaASCII = [
        278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
        556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
        556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    ]
    static let helveticaLatin1 = [
        278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 578, 537, 278,
        333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500,
        556, 556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
    ]
    static let helveticaBoldASCII = [
        278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
        556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
        667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
        611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    ]
    static let helveticaBoldLatin1 = [
        278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 333, 400, 584, 333, 333, 333, 611, 556, 278,
        333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
        722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 556,
        556, 556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
    ]
}
