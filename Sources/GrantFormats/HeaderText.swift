/// Header and keyword text brought to one form for matching by meaning: lower case, Latvian and
/// Lithuanian letters folded to ASCII, underscores and dashes as spaces, a trailing currency
/// note (`, EUR`, `(EUR)`) dropped, spaces collapsed.
enum HeaderText {
    static func normalized(_ text: String) -> String {
        var folded = ""
        for scalar in text.lowercased().unicodeScalars {
            if let ascii = foldings[scalar] {
                folded.unicodeScalars.append(ascii)
            } else if scalar == "_" || scalar == "-" || scalar == "," || scalar == "(" || scalar == ")"
                        || scalar == "\u{00A0}" || scalar == "\t" {
                folded.append(" ")
            } else {
                folded.unicodeScalars.append(scalar)
            }
        }
        var words = folded.split(separator: " ").map(String.init)
        if let last = words.last, ["eur", "euro", "euros"].contains(last) { words.removeLast() }
        return words.joined(separator: " ")
    }

    private static let foldings: [Unicode.Scalar: Unicode.Scalar] = [
        "ā": "a", "č": "c", "ē": "e", "ģ": "g", "ī": "i", "ķ": "k", "ļ": "l", "ņ": "n", "š": "s",
        "ū": "u", "ž": "z", "ą": "a", "ę": "e", "ė": "e", "į": "i", "ų": "u", "ō": "o", "ŗ": "r",
    ]
}
