/// The character that separates whole units from the minor unit in written amounts.
///
/// A file has one decimal mark, decided for the whole file; the grouping characters each
/// mark allows follow from it, so `1,234` can never be read two ways within one file.
public enum DecimalMark: String, Sendable, CaseIterable {
    /// `325,267.50`: point as decimal mark; comma, space, no-break space or thin space group digits.
    case point
    /// `325 267,50` or `325.267,50`: comma as decimal mark; point or spaces group digits.
    case comma

    /// The decimal mark itself.
    public var character: Character { self == .point ? "." : "," }

    /// The decimal mark as the byte UTF-8 writes it.
    package var asciiByte: UInt8 { self == .point ? UInt8(ascii: ".") : UInt8(ascii: ",") }

    /// The characters that may separate groups of three digits under this mark.
    public var groupSeparators: Set<Character> {
        let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}"]
        return spaces.union([self == .point ? "," : "."])
    }
}
