extension String {
    /// The first invisible bidirectional control character in the text, if any: the marks
    /// U+200E, U+200F and U+061C, the embeddings and overrides U+202A–U+202E and the isolates
    /// U+2066–U+2069 (all twelve). Such a character makes a name or an invoice number display in
    /// another order than it is stored ("Trojan source"), so readers refuse text that holds one.
    package var firstBidiControl: Unicode.Scalar? {
        // Each is written in UTF-8 starting with the byte E2, or D8 for U+061C; most text has neither.
        guard utf8.contains(where: { $0 == 0xE2 || $0 == 0xD8 }) else { return nil }
        return unicodeScalars.first { Self.isBidiControl($0.value) }
    }

    static func isBidiControl(_ value: UInt32) -> Bool {
        value == 0x061C || value == 0x200E || value == 0x200F || (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value)
    }

    /// The first control character a terminal would act on (C0 but `allowed`, DEL, C1: ESC
    /// sequences, bells, cursor moves), if any.
    package func firstControlCharacter(allowing allowed: Set<UInt32> = []) -> Unicode.Scalar? {
        unicodeScalars.first { scalar in
            (scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)) && !allowed.contains(scalar.value)
        }
    }
}

/// The message for text holding the bidirectional control `scalar`.
package func bidiControlProblem(_ scalar: Unicode.Scalar) -> String {
    let code = String(scalar.value, radix: 16, uppercase: true)
    return "the text holds an invisible bidirectional control character (U+\(code)), which makes it display in another order than it is stored; remove it"
}

/// The message for text holding the control character `scalar`.
package func controlCharacterProblem(_ scalar: Unicode.Scalar) -> String {
    let code = String(scalar.value, radix: 16, uppercase: true)
    let padded = String(repeating: "0", count: max(0, 4 - code.count)) + code
    return "the text holds a control character (U+\(padded)), which a terminal or spreadsheet would act on; remove it"
}
