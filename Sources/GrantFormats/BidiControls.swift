extension String {
    /// The first invisible bidirectional control character (U+202A–U+202E, U+2066–U+2069) in
    /// the text, if any. Such a character makes a name or an invoice number display in another
    /// order than it is stored ("Trojan source"), so readers refuse text that holds one.
    var firstBidiControl: Unicode.Scalar? {
        // Each of them is written in UTF-8 starting with the byte E2; most text has none.
        guard utf8.contains(0xE2) else { return nil }
        return unicodeScalars.first { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) }
    }
}

/// The message for text holding `scalar`.
func bidiControlProblem(_ scalar: Unicode.Scalar) -> String {
    let code = String(scalar.value, radix: 16, uppercase: true)
    return "the text holds an invisible bidirectional control character (U+\(code)), which makes it display in another order than it is stored; remove it"
}
