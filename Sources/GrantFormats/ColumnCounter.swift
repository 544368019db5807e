/// Counts the character column of positions along a line of UTF-8 bytes (continuation bytes do
/// not start a character). Positions asked for left to right continue from the previous one, so
/// a line with many fields or values is counted once, not once per field.
struct ColumnCounter {
    private var mark = (index: -1, column: 1)

    /// The 1-based column of byte `index` on the line starting at `lineStart`.
    mutating func column<Bytes: RandomAccessCollection<UInt8>>(of index: Int, lineStart: Int, in bytes: Bytes) -> Int where Bytes.Index == Int {
        var (cursor, count) = mark.index >= lineStart && mark.index <= index ? mark : (lineStart, 1)
        while cursor < index {
            if bytes[cursor] & 0xC0 != 0x80 { count += 1 }
            cursor += 1
        }
        mark = (cursor, count)
        return count
    }
}
