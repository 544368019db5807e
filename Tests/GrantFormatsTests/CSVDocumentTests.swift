import Testing
import GrantCore
@testable import GrantFormats

@Suite("CSV reading (RFC 4180)")
struct CSVDocumentTests {
    func read(_ text: String, delimiter: Character? = nil) throws(InputError) -> CSVDocument {
        try CSVDocument(bytes: Array(text.utf8), file: "t.csv", delimiter: delimiter)
    }

    func texts(_ document: CSVDocument) -> [[String]] { document.records.map { $0.fields.map(\.text) } }

    @Test("quoted fields keep delimiters, doubled quotes and line breaks")
    func quoting() throws {
        let document = try read("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n")
        #expect(texts(document) == [["a", "b", "c"], ["x, y", "say \"hi\"", "two\nlines"]])
        #expect(document.records[1].fields.map(\.column) == [2, 9, 22])
    }

    @Test("CRLF, a byte-order mark, blank lines and a missing final newline make no difference")
    func lineEnds() throws {
        let crlf = try CSVDocument(bytes: [0xEF, 0xBB, 0xBF] + Array("a;b\r\n\r\n1;2\r\n;\r\n3;4".utf8), file: "t.csv")
        #expect(crlf.delimiter == ";")
        #expect(texts(crlf) == [["a", "b"], ["1", "2"], ["3", "4"]])
        #expect(crlf.records.map(\.line) == [1, 3, 5])
    }

    @Test("the delimiter is the one the header line uses more")
    func delimiter() throws {
        #expect(try read("a;b;c,d\n").delimiter == ";")
        #expect(try read("a,b\n").delimiter == ",")
        #expect(try read("\"a;b;c\",d\n").delimiter == ",")
    }

    @Test("malformed CSV is refused with line, column and what to do", arguments: [
        ("a,b\n\"open,2\n3,4\n", "t.csv:2:1: the quoted field that starts here is never closed; add the closing quote (\")"),
        ("a,b\n1,x\"y\n", "t.csv:2:4: a quote (\") inside an unquoted field; quote the whole field and double the quote (\"\")"),
        ("a,b\n\"x\"y,2\n", "t.csv:2:4: text after the closing quote of a field; expected a delimiter or the end of the line"),
        ("", "t.csv: the file is empty"),
        ("\n\n,,\n", "t.csv: the file holds no data, only blank lines"),
    ])
    func malformed(text: String, message: String) {
        #expect { try read(text) } throws: { ($0 as? InputError)?.message == message }
    }

    @Test("text that is not UTF-8 is refused at its place")
    func notUTF8() {
        #expect {
            try CSVDocument(bytes: Array("a,b\nok,".utf8) + [0xE9, 0x74, 0xE9], file: "t.csv")
        } throws: { ($0 as? InputError)?.message == "t.csv:2:4: the text is not valid UTF-8; save the file as UTF-8" }
    }
}

@Suite("CSV streaming")
struct CSVStreamTests {
    static let sample = "\u{FEFF}a;b;c\r\n\"x; y\";\"say \"\"hi\"\"\";\"two\r\nlines\"\r\n\r\n1;2;\r\nlast;\"q\"\"\";end"

    func records(chunkSizes: [Int]) throws -> ([CSVRecord], [UInt8]) {
        var remaining = Array(Self.sample.utf8)[...]
        var sizes = chunkSizes.makeIterator()
        var stream = CSVStream(file: "s.csv") { (_) throws(InputError) in
            let size = sizes.next() ?? 1
            let chunk = Array(remaining.prefix(size))
            remaining = remaining.dropFirst(size)
            return chunk
        }
        var records: [CSVRecord] = []
        while let record = try stream.nextRecord() { records.append(record) }
        return (records, stream.contentHash)
    }

    @Test("records, lines and columns are the same whatever size the chunks are read in")
    func chunkSizesDoNotMatter() throws {
        let (whole, wholeHash) = try records(chunkSizes: [1 << 20])
        #expect(whole.map { $0.fields.map(\.text) } == [["a", "b", "c"], ["x; y", "say \"hi\"", "two\r\nlines"], ["1", "2", ""], ["last", "q\"", "end"]])
        #expect(whole.map(\.line) == [1, 2, 5, 6])
        #expect(wholeHash == SHA256.hash(Array(Self.sample.utf8)))
        for size in 1...9 {
            let (chunked, hash) = try records(chunkSizes: Array(repeating: size, count: 200))
            #expect(chunked == whole, "chunks of \(size) bytes")
            #expect(hash == wholeHash)
        }
    }
}
