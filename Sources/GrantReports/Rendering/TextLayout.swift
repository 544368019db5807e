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

    /// A table row: `lead` columns, then a name wrapped to `nameWidth` (continuation lines under
    /// it, so no name is cut), then amounts right-aligned in `amountWidth` each.
    static func row(lead: String, name: String, nameWidth: Int, amounts: [String], amountWidth: Int) -> [String] {
        let names = wrapped(name, width: nameWidth, indent: "")
        let first = lead + left(names.first ?? "", nameWidth) + amounts.map { right($0, amountWidth) }.joined()
        return [first] + names.dropFirst().map { String(repeating: " ", count: lead.count) + $0 }
    }
}
