import GrantCore
import Testing
import TestSupport
@testable import GrantFormats

/// Every multi-byte UTF-8 letter read whole, wherever a read boundary falls in it: the stream
/// is fed in chunks of 1 to 8 bytes, so each boundary of the file falls inside each letter once.
@Suite("Letters across the stream's read boundaries")
struct CSVStreamBoundaryTests {
    /// Two-, three- and four-byte sequences, the first and last of each length that is text among them.
    static let letters: [String] = ["\u{A1}", "ā", "ž", "\u{7FF}", "\u{800}", "€", "ė", "\u{FFFD}", "\u{FFEF}",
                                    "\u{10000}", "𝐀", "😀", "\u{10FFFD}"]

    static func records(_ text: String, chunk: Int) throws -> [[String]] {
        var remaining = Array(text.utf8)[...]
        var stream = CSVStream(file: "t.csv", hashing: false) { (_: Int) throws(InputError) -> [UInt8] in
            let piece = Array(remaining.prefix(chunk))
            remaining = remaining.dropFirst(chunk)
            return piece
        }
        var records: [[String]] = []
        while let record = try stream.nextRecord() { records.append(record.fields.map(\.text)) }
        return records
    }

    @Test("a letter in a header, an unquoted field, a quoted field and a quoted line break reads as it is, in chunks of 1 to 8 bytes",
          arguments: letters)
    func letterAcrossChunks(_ letter: String) throws {
        let text = "name\(letter),value\nLatgale \(letter)\(letter),\"a, \(letter)\"\n\(letter),\"line\n\(letter)break\"\r\n"
        let whole = try Self.records(text, chunk: 1 << 20)
        #expect(whole == [["name\(letter)", "value"], ["Latgale \(letter)\(letter)", "a, \(letter)"], ["\(letter)",
                "line\n\(letter)break"]])
        for chunk in 1...8 { #expect(try Self.records(text, chunk: chunk) == whole, "chunks of \(chunk) bytes") }
    }

    @Test("a broken sequence is still refused, wherever the chunks end")
    func brokenSequence() throws {
        let bytes: [UInt8] = Array("a,b\nx".utf8) + [0xC4] + Array(",y\n".utf8)
        for chunk in 1...8 {
            var remaining = bytes[...]
            var stream = CSVStream(file: "t.csv", hashing: false) { (_: Int) throws(InputError) -> [UInt8] in
                let piece = Array(remaining.prefix(chunk))
                remaining = remaining.dropFirst(chunk)
                return piece
            }
            _ = try stream.nextRecord()
            #expect(throws: InputError(file: "t.csv", location: .cell(line: 2, column: 1),
                                       problem: "the text is not valid UTF-8; save the file as UTF-8")) {
                _ = try stream.nextRecord()
            }
        }
    }
}
