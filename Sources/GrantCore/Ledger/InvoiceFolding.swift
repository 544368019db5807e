/// The one spelling of a supplier or an invoice number that "the same invoice" compares, so a
/// repeat cannot hide behind how it is written:
///
/// 1. compatibility decomposition with full case folding (NFKD of the case-folded NFKD, which
///    compares as NFKC case folding does): `ＤＴ-８８２１３`, `ﬁ` and `Ä` written as A + ¨ fold
///    like `dt-88213`, `fi` and `ä`;
/// 2. every white space, control, format and invisible character removed: spaces of any width,
///    no-break spaces, zero-width spaces and joiners, word joiners, soft hyphens, bidi marks,
///    byte-order marks, variation selectors;
/// 3. quotation marks removed (`SIA "Datortehnika"`, `SIA „Datortehnika“` and
///    `SIA Datortehnika` are one supplier), every dash and the minus sign as `-`, the decimal
///    digits of every script as ASCII digits;
/// 4. the Cyrillic and Greek letters that look like Latin ones (`а`, `е`, `о`, `р`, `с`, `х`,
///    `ο`, `ρ`, `τ`, …) as those Latin letters, and dotless `ı` as `i`;
/// 5. combining marks in canonical order.
///
/// ASCII text takes a short path with the same result (a test holds every ASCII character to it).
public enum InvoiceFolding {
    /// The folded UTF-8 bytes of `text`.
    public static func folded(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        text.utf8.withContiguousStorageIfAvailable { fold($0, into: &bytes) } ?? fold(Array(text.utf8), into: &bytes)
        return bytes
    }

    /// Appends the folded form of the UTF-8 `bytes` to `output`; invalid UTF-8 is folded as
    /// replacement characters, as `String(decoding:)` reads it.
    public static func fold(_ bytes: some Collection<UInt8>, into output: inout [UInt8]) {
        if bytes.allSatisfy({ $0 < 0x80 }) {
            for byte in bytes { if let kept = asciiFolded(byte) { output.append(kept) } }
            return
        }
        var scalars: [Unicode.Scalar] = []
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars { append(scalar, to: &scalars) }
        reorderCombiningMarks(&scalars)
        for scalar in scalars { output.append(contentsOf: UTF8.encode(scalar)!) }
    }

    /// An ASCII byte as the key keeps it: a letter in lower case, nothing for white space,
    /// controls and quotation marks.
    @inlinable @inline(__always)
    static func asciiFolded(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0...0x20, 0x7F, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"): nil
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): byte + 0x20
        default: byte
        }
    }

    private static func append(_ scalar: Unicode.Scalar, to output: inout [Unicode.Scalar]) {
        // ASCII, most of any text, folds without Unicode's property tables.
        if scalar.isASCII {
            if let kept = asciiFolded(UInt8(scalar.value)) { output.append(Unicode.Scalar(kept)) }
            return
        }
        if isRemoved(scalar) { return }
        if (0xAC00...0xD7A3).contains(scalar.value) {
            output += hangulJamo(scalar)
            return
        }
        for part in table[scalar.value] ?? [scalar] {
            if isRemoved(part) || quotationMarks.contains(part.value) { continue }
            output.append(lookAlike(part))
        }
    }

    private static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .format, .control, .spaceSeparator, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return true
        default:
            return scalar.properties.isWhitespace || scalar.properties.isVariationSelector || invisibleLetters.contains(scalar.value)
        }
    }

    /// The Latin letter, ASCII digit or hyphen-minus a scalar stands for, or the scalar itself.
    private static func lookAlike(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        if let latin = lookAlikes[scalar.value] { return latin }
        let properties = scalar.properties
        if properties.generalCategory == .dashPunctuation || scalar.value == 0x2212 { return "-" }
        if scalar.value >= 0x80, properties.numericType == .decimal, let value = properties.numericValue, value >= 0, value <= 9 {
            return Unicode.Scalar(UInt8(ascii: "0") + UInt8(value))
        }
        return scalar
    }

    /// Stable sort of each run of combining marks by combining class (Unicode's canonical ordering).
    private static func reorderCombiningMarks(_ scalars: inout [Unicode.Scalar]) {
        var start = 0
        while start < scalars.count {
            guard scalars[start].properties.canonicalCombiningClass.rawValue != 0 else {
                start += 1
                continue
            }
            var end = start
            while end < scalars.count, scalars[end].properties.canonicalCombiningClass.rawValue != 0 { end += 1 }
            let run = scalars[start..<end].enumerated().sorted {
                let (left, right) = ($0.element.properties.canonicalCombiningClass.rawValue,
                                     $1.element.properties.canonicalCombiningClass.rawValue)
                return left != right ? left < right : $0.offset < $1.offset
            }.map(\.element)
            scalars.replaceSubrange(start..<end, with: run)
            start = end
        }
    }

    /// A Hangul syllable as its leading consonant, vowel and trailing consonant (Unicode 3.12).
    private static func hangulJamo(_ syllable: Unicode.Scalar) -> [Unicode.Scalar] {
        let index = syllable.value - 0xAC00
        var jamo = [Unicode.Scalar(0x1100 + index / 588)!, Unicode.Scalar(0x1161 + (index % 588) / 28)!]
        if index % 28 != 0 { jamo.append(Unicode.Scalar(0x11A7 + index % 28)!) }
        return jamo
    }

    /// Letters of no width that Unicode does not class as format characters.
    private static let invisibleLetters: Set<UInt32> = [0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0]

    /// Quotation marks of every kind: ASCII, typographic, low-9 (Latvian and Lithuanian „…“),
    /// guillemets, primes.
    static let quotationMarks: Set<UInt32> = [0x22, 0x27, 0x60, 0xAB, 0xBB, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D, 0x201E,
                                              0x201F, 0x2032, 0x2033, 0x2039, 0x203A, 0x301D, 0x301E, 0x301F, 0xFF02, 0xFF07]

    /// Case-folded Cyrillic and Greek letters that look like a Latin letter in common fonts
    /// (after folding, so both cases are covered), and Latin letters that look like others.
    static let lookAlikes: [UInt32: Unicode.Scalar] = [
        // Cyrillic: а в е ѕ і ј к м н о р с т у х һ ӏ ԁ ԛ ԝ ү
        0x0430: "a", 0x0432: "b", 0x0435: "e", 0x0455: "s", 0x0456: "i", 0x0458: "j", 0x043A: "k", 0x043C: "m", 0x043D: "h",
        0x043E: "o", 0x0440: "p", 0x0441: "c", 0x0442: "t", 0x0443: "y", 0x0445: "x", 0x04BB: "h", 0x04CF: "l", 0x0501: "d",
        0x051B: "q", 0x051D: "w", 0x04AF: "y",
        // Greek: α β ε ζ η ι κ μ ν ο ρ τ υ χ ϲ ϳ
        0x03B1: "a", 0x03B2: "b", 0x03B5: "e", 0x03B6: "z", 0x03B7: "h", 0x03B9: "i", 0x03BA: "k", 0x03BC: "m", 0x03BD: "n",
        0x03BF: "o", 0x03C1: "p", 0x03C4: "t", 0x03C5: "y", 0x03C7: "x", 0x03F2: "c", 0x03F3: "j",
        // Latin: dotless ı, dotless ȷ, script ɑ and ɡ
        0x0131: "i", 0x0237: "j", 0x0251: "a", 0x0261: "g",
    ]

    /// The generated table, read once.
    private static let table: [UInt32: [Unicode.Scalar]] = {
        var table: [UInt32: [Unicode.Scalar]] = [:]
        table.reserveCapacity(7_000)
        for entry in foldingTable.split(separator: ";") {
            let parts = entry.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let key = UInt32(parts[0], radix: 16) else { preconditionFailure("folding table entry \(entry)") }
            table[key] = parts[1].split(separator: " ").map { Unicode.Scalar(UInt32($0, radix: 16)!)! }
        }
        return table
    }()
}
