/// Fixed-width text helpers for reports read on a terminal or printed.
enum TextLayout {
    /// `text` cut or padded to exactly `width` characters; a cut is marked with an ellipsis.
    static func left(_ text: String, _ width: Int) -> String {
        if text.count > width { return String(text.prefix(width - 1)) + "…" }
        return text + String(repeating: " ", count: width - text.count)
    }

    /// `text` right-aligned in `width` characters; amounts are never cut.
    static func right(_ text: String, _ width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// `text` broken at spaces into lines of at most `width` characters: the first after
    /// `indent`, the rest after `hanging` (the same indent unless given).
    static func wrapped(_ text: String, width: Int, indent: String, hanging: String? = nil) -> [String] {
        wrappedOnBytes(text, width: width, indent: indent, hanging: hanging)
            ?? wrappedByCharacter(text, width: width, indent: indent, hanging: hanging)
    }

    /// `wrapped` for any text, character by character.
    static func wrappedByCharacter(_ text: String, width: Int, indent: String, hanging: String?) -> [String] {
        var lines: [String] = []
        var current = ""
        // Characters counted once per word: `String.count` walks the whole string each time.
        var currentCount = 0
        var prefix = indent
        var prefixCount = indent.count
        for word in text.split(separator: " ", omittingEmptySubsequences: false) {
            let wordCount = word.count
            if !current.isEmpty, prefixCount + currentCount + 1 + wordCount > width {
                lines.append(prefix + current)
                prefix = hanging ?? indent
                prefixCount = prefix.count
                current = String(word)
                currentCount = wordCount
            } else if current.isEmpty {
                current = String(word)
                currentCount = wordCount
            } else {
                current += " " + word
                currentCount += 1 + wordCount
            }
        }
        if !current.isEmpty { lines.append(prefix + current) }
        return lines
    }

    /// `wrapped` on the text's bytes, without a `String` per word, where each space byte is a
    /// character of its own: the same lines. A word's characters are its bytes when it is all
    /// ASCII without a carriage return (most words of a finding), or else counted. A space is
    /// known to stand alone when the letters beside it are ASCII, Latin, Greek or Cyrillic (no
    /// mark there joins a space to a character); nil for a text with any other beside a space.
    static func wrappedOnBytes(_ text: String, width: Int, indent: String, hanging: String?) -> [String]? {
        var text = text
        return text.withUTF8 { bytes -> [String]? in
            let space = UInt8(ascii: " ")
            for (offset, byte) in bytes.enumerated() where byte == space {
                if offset > 0, bytes[offset - 1] >= 0x80, !Self.standsBeside(Self.scalar(endingAt: offset, in: bytes), after: false) {
                    return nil
                }
                if offset + 1 < bytes.count, bytes[offset + 1] >= 0x80,
                   !Self.standsBeside(Self.scalar(startingAt: offset + 1, in: bytes), after: true) { return nil }
            }
            func characters(_ range: Range<Int>) -> Int {
                let word = UnsafeBufferPointer(rebasing: bytes[range])
                if word.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) { return range.count }
                return String(decoding: word, as: UTF8.self).count
            }
            func line(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
            var lines: [String] = []
            var prefix = indent
            var prefixCount = indent.count
            // The line so far is bytes[start..<end] (its words and the single spaces between
            // them), of `count` characters.
            var (start, end, count) = (0, 0, 0)
            var wordStart = 0
            func take(wordEnd: Int) {
                let wordCount = characters(wordStart..<wordEnd)
                if start != end, prefixCount + count + 1 + wordCount > width {
                    lines.append(prefix + line(start..<end))
                    prefix = hanging ?? indent
                    prefixCount = prefix.count
                    (start, end, count) = (wordStart, wordEnd, wordCount)
                } else if start == end {
                    (start, end, count) = (wordStart, wordEnd, wordCount)
                } else {
                    (end, count) = (wordEnd, count + 1 + wordCount)
                }
            }
            for (offset, byte) in bytes.enumerated() where byte == space {
                take(wordEnd: offset)
                wordStart = offset + 1
            }
            take(wordEnd: bytes.count)
            if start != end { lines.append(prefix + line(start..<end)) }
            return lines
        }
    }

    /// Whether a space beside `scalar` (before it when `after`) is a character of its own: the
    /// Latin, Greek and Cyrillic letters are neither marks nor prepended, apart from their
    /// combining marks, which join what comes before them.
    private static func standsBeside(_ scalar: UInt32, after: Bool) -> Bool {
        guard (0x80...0x52F).contains(scalar) else { return false }
        return !after || !((0x300...0x36F).contains(scalar) || (0x483...0x489).contains(scalar))
    }

    /// The scalar whose UTF-8 bytes start at `start` (a lead byte), or 0 when malformed.
    private static func scalar(startingAt start: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        let lead = bytes[start]
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard length > 0, start + length <= bytes.count else { return 0 }
        var value = UInt32(lead) & (0x7F >> length)
        for offset in 1..<length { value = value << 6 | UInt32(bytes[start + offset] & 0x3F) }
        return value
    }

    /// The scalar whose UTF-8 bytes end just before `end`.
    private static func scalar(endingAt end: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var start = end - 1
        while start > 0, bytes[start] & 0xC0 == 0x80, end - start < 4 { start -= 1 }
        return scalar(startingAt: start, in: bytes)
    }

    /// A table row: `lead` columns, then a name wrapped to `nameWidth` (continuation lines under
    /// it, so no name is cut), then amounts right-aligned in `amountWidth` each.
    static func row(lead: String, name: String, nameWidth: Int, amounts: [String], amountWidth: Int) -> [String] {
        let names = wrapped(name, width: nameWidth, indent: "")
        let first = lead + left(names.first ?? "", nameWidth) + amounts.map { right($0, amountWidth) }.joined()
        return [first] + names.dropFirst().map { String(repeating: " ", count: lead.count) + $0 }
    }
}
