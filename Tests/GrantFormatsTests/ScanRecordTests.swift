import GrantCore
import Testing
import TestSupport
@testable import GrantFormats

/// The scan's two ways of finding a record's fields: the plain reading (sixteen bytes at a time,
/// for records without quotes, control characters, bytes above 0x7F or spaces around a field) and
/// the careful one (byte by byte, for any record). Wherever the plain reading takes a record, it
/// must find exactly the fields and the next record's start that the careful one finds.
@Suite("Plain and careful record readings")
struct ScanRecordTests {
    static let header = Array("partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n".utf8)

    static func scan() throws -> ExpenditureScan {
        try #require(ExpenditureScan(header: header, file: "expenditure.csv", grant: try Repository.grant("lli-59-open-leadership"), screen: nil))
    }

    static func readings(_ line: String, with scan: ExpenditureScan) -> (plain: ([Range<Int>], Int)?, careful: ([Range<Int>], Int)?) {
        // Bytes after the record, as a file has: the plain reading looks sixteen bytes ahead.
        let bytes = Array(line.utf8) + Array("LP,staff,1,A,B,2018-01-01,,1,0,1,EUR,,,d,e\n".utf8)
        return bytes.withUnsafeBufferPointer { buffer in
            (scan.fields(ofFirstRecordIn: buffer, plain: true).map { ($0.fields, $0.next) },
             scan.fields(ofFirstRecordIn: buffer, plain: false).map { ($0.fields, $0.next) })
        }
    }

    @Test("records the plain reading takes, and the ones it leaves to the careful reading", arguments: [
        ("LP,staff,1,INV-1,Supplier,2018-03-01,2018-04-15,100.00,21.00,121.00,EUR,,,Laptop,DOC/1\n", true, true),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,2018-04-15,100.00,21.00,121.00,EUR,,,Laptop,DOC/1\r\n", true, true),
        ("LP,staff,1,INV-1,\"Supplier, SIA\",2018-03-01,,100.00,21.00,121.00,EUR,,,Laptop,DOC/1\n", false, true),
        ("LP,staff,1,INV-1,Piegādātājs,2018-03-01,,100.00,21.00,121.00,EUR,,,Laptop,DOC/1\n", false, true),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,,100.00,21.00,121.00,EUR,,,Lap\ttop,DOC/1\n", false, true),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,,100.00,21.00,121.00,EUR,,, Laptop,DOC/1\n", false, false),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,,100.00,21.00,121.00,EUR,,,Laptop ,DOC/1\n", false, false),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,,100.00,21.00,121.00,EUR,,,Laptop,DOC/1 \n", false, false),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,,100.00,21.00,121.00,EUR,,,Lap\rtop,DOC/1\n", false, false),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,,100.00,21.00,121.00,EUR,,,Laptop,DOC/1,extra\n", false, false),
        ("LP,staff,1,INV-1,Supplier,2018-03-01,,100.00,21.00,121.00,EUR,,Laptop,DOC/1\n", false, false),
    ])
    func examples(line: String, plain: Bool, careful: Bool) throws {
        let (plainFields, carefulFields) = Self.readings(line, with: try Self.scan())
        #expect((plainFields != nil) == plain)
        #expect((carefulFields != nil) == careful)
        if let plainFields, let carefulFields {
            #expect(plainFields.0 == carefulFields.0 && plainFields.1 == carefulFields.1)
        }
    }

    @Test("30,000 random records: wherever the plain reading takes one, the careful reading finds the same fields")
    func agree() throws {
        let scan = try Self.scan()
        var generator = SeededGenerator(seed: 2_026_11_23)
        // Mostly plain text, with every byte the plain reading must notice: commas, spaces, quotes,
        // tabs, carriage returns, line feeds and bytes above 0x7F.
        let pieces = ["a", "b", "7", ".", "-", "/", ",", " ", "\"", "\t", "\r", "\n", "ā", "\u{1}"]
        var plainTaken = 0, carefulOnly = 0
        for _ in 0..<30_000 {
            var fields: [String] = []
            for _ in 0..<15 {
                let length = Int.random(in: 0...14, using: &generator)
                fields.append(String((0..<length).map { _ -> String in
                    Int.random(in: 0..<40, using: &generator) == 0 ? pieces.randomElement(using: &generator)! : pieces[Int.random(in: 0..<3, using: &generator)]
                }.joined()))
            }
            let ending = Int.random(in: 0..<4, using: &generator) == 0 ? "\r\n" : "\n"
            let line = fields.joined(separator: ",") + ending
            let (plain, careful) = Self.readings(line, with: scan)
            if let plain {
                plainTaken += 1
                let careful = try #require(careful, "\(line.debugDescription)")
                #expect(plain.0 == careful.0 && plain.1 == careful.1, "\(line.debugDescription)")
            } else if careful != nil {
                carefulOnly += 1
            }
        }
        #expect(plainTaken > 1_000, "records the plain reading took: \(plainTaken)")
        #expect(carefulOnly > 100, "records only the careful reading took: \(carefulOnly)")
    }
}
