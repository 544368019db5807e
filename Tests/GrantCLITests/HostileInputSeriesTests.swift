import Foundation
import Testing
import GrantStore
import TestSupport
@testable import GrantCLI

/// Hostile input as a tester with local access would write it, generated kind by kind: every
/// column of an expenditure line given each of a list of hostile values, whole-file oddities,
/// and project definitions with hostile texts and numbers. Each must be refused with the file
/// (and, for a line, its line and column) named and the ledger left as it was, or read as the
/// valid input it is; nothing may crash. RELIABILITY.md quotes the summary this prints.
@Suite("Hostile input series")
struct HostileInputSeriesTests {
    static let header = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,"
        + "exchange_rate,amount_eur,description,document"
    static let line = ["LP", "staff", "1", "PAY-1", "Supplier", "2017-05-28", "2017-05-30", "1850.00", "0.00", "1850.00", "EUR", "", "",
                       "Salary", "LP/1"]

    /// Values a field may be given by someone trying to break the reader.
    static let hostileValues: [String] = [
        "", " ", "\t", "\u{0}", "\u{1B}[2J", "\u{7F}", "\u{85}", "\u{9B}", "\u{FEFF}x", "x\u{200B}y",
        "\u{202A}x", "\u{202B}x", "\u{202C}x", "\u{202D}x", "\u{202E}x", "\u{2066}x", "\u{2067}x", "\u{2068}x", "\u{2069}x",
        "\u{200E}x", "\u{200F}x", "\u{061C}x",
        "a\"b", "\"abc", "=HYPERLINK(\"http://x\")", "+cmd", "@SUM(1)", "-1", "1e3", "NaN", "Infinity", "-0.00", "0x10", "１２３",
        "١٢٣", "12,345.678", "999999999999999999999", "+5", "1 850.00", "1.850,00", "2017-02-29", "0000-01-01", "9999-12-31",
        "2017-6-1", "01.06.2017", "2017-06-01T00:00", "eur", "EURO", "XXX", "€", String(repeating: "x", count: 70_000),
    ]

    /// Whole-file oddities: line ends, byte-order marks, encodings, structure.
    static let fileOddities: [(name: String, bytes: [UInt8])] = {
        let good = Array((header + "\n" + line.joined(separator: ",") + "\n").utf8)
        let text = header + "\n" + line.joined(separator: ",")
        return [
            ("CRLF line ends", Array(text.replacingOccurrences(of: "\n", with: "\r\n").utf8) + [13, 10]),
            ("CR line ends", Array(text.replacingOccurrences(of: "\n", with: "\r").utf8) + [13]),
            ("a byte-order mark", [0xEF, 0xBB, 0xBF] + good),
            ("two byte-order marks", [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + good),
            ("a byte-order mark on line 2", Array((header + "\n").utf8) + [0xEF, 0xBB, 0xBF] + Array(line.joined(separator: ",").utf8)),
            ("an invalid UTF-8 byte", good.map { $0 == UInt8(ascii: "S") ? 0xFF : $0 }),
            ("an overlong UTF-8 slash", good.map { $0 == UInt8(ascii: "/") ? 0xC0 : $0 }),
            ("UTF-16 without a byte-order mark", Array(text.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
            ("no final line end", Array(text.utf8)),
            ("blank lines between", Array((header + "\n\n\n" + line.joined(separator: ",") + "\n\n").utf8)),
            ("a line of only commas", Array((header + "\n" + String(repeating: ",", count: 14) + "\n").utf8)),
            ("a trailing comma", Array((header + ",\n" + line.joined(separator: ",") + ",\n").utf8)),
            ("semicolons", Array((header + "\n" + line.joined(separator: ",") + "\n").replacingOccurrences(of: ",", with: ";").utf8)),
            ("the header in capitals", Array((header.uppercased() + "\n" + line.joined(separator: ",") + "\n").utf8)),
            ("the header twice", Array((header + "\n" + header + "\n" + line.joined(separator: ",") + "\n").utf8)),
            ("a quoted line break", Array((header + "\n" + line.prefix(13).joined(separator: ",") + ",\"two\nlines\",LP/1\n").utf8)),
            ("a NUL byte between lines", Array((header + "\n").utf8) + [0] + Array((line.joined(separator: ",") + "\n").utf8)),
            ("a form feed", Array((header + "\n\u{0C}" + line.joined(separator: ",") + "\n").utf8)),
            ("an empty file", []),
            ("only a byte-order mark", [0xEF, 0xBB, 0xBF]),
        ]
    }()

    /// Texts and numbers a project definition may be given, as JSON.
    static let projectValues: [(name: String, json: String)] = [
        ("a NUL", "\"a\\u0000b\""), ("an ESC", "\"a\\u001bb\""),
        ("a C1 control", "\"a\\u009bb\""), ("a right-to-left override", "\"a\\u202eb\""),
        ("a lone surrogate", "\"a\\ud800b\""), ("a reversed surrogate pair", "\"\\udc00\\ud800\""), ("an unknown escape", "\"a\\qb\""),
        ("a raw line break", "\"a\nb\""), ("a raw tab", "\"a\tb\""), ("a number", "12"), ("null", "null"), ("true", "true"),
        ("an array", "[\"a\"]"), ("an object", "{\"a\": 1}"), ("an empty text", "\"\""), ("1e999", "1e999"), ("-0", "-0"),
        ("a long text", "\"" + String(repeating: "x", count: 70_000) + "\""),
    ]

    @Test("every hostile value in every column, file oddity and project text: refused with file and place, or read as valid")
    func series() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        var (refused, accepted) = (0, 0)
        func expectHandled(_ result: (status: Int32, output: String, errors: String), file: String, _ kind: String) {
            #expect(result.status == 0 || result.status == 2, "\(kind): exit \(result.status)")
            if result.status == 2 {
                refused += 1
                #expect(result.errors.hasPrefix(file + ":") || result.errors.hasPrefix("grantledger: cannot read \(file)"),
                        "\(kind): \(result.errors.prefix(200))")
            } else {
                accepted += 1
            }
        }
        var kinds = 0
        for (column, name) in Self.header.split(separator: ",").enumerated() {
            for (index, value) in Self.hostileValues.enumerated() {
                kinds += 1
                var fields = Self.line
                fields[column] = value
                fields[3] = "INV-\(column)-\(index)"  // each file its own invoice, so none repeats another
                if column == 3 { fields[3] = value }
                let quoted = fields.map { field in
                    field.contains(",") || field.contains("\"") ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }
                let file = try ledger.scratch.write("column-\(column)-\(index).csv",
                    Self.header + "\n" + quoted.joined(separator: ",") + "\n")
                let before = try LedgerStore.open(at: ledger.database, fileExists: true).chainHead()
                let result = ledger.run(["import", file, "--submitted", "2017-11-15"])
                expectHandled(result, file: file, "\(name) = \(value.debugDescription.prefix(40))")
                if result.status == 0, ProcessInfo.processInfo.environment["GRANTLEDGER_SHOW_ACCEPTED"] != nil {
                    print("accepted: \(name) = \(value.debugDescription.prefix(40))")
                }
                if result.status == 2 {
                    #expect(try LedgerStore.open(at: ledger.database, fileExists: true).chainHead() == before,
                            "\(name): a refused import changed the ledger")
                }
            }
        }
        for (index, oddity) in Self.fileOddities.enumerated() {
            kinds += 1
            let path = ledger.scratch.path + "/oddity-\(index).csv"
            // Each file's one line carries its own invoice number, so none is a repeat of another.
            var bytes = oddity.bytes
            if let text = String(bytes: bytes, encoding: .utf8), text.contains("PAY-1") {
                bytes = Array(text.replacingOccurrences(of: "PAY-1", with: "ODD-\(index)").utf8)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            expectHandled(ledger.run(["import", path, "--submitted", "2017-11-15"]), file: path, oddity.name)
        }
        let project = try String(contentsOfFile: ledger.fixture + "/project.json", encoding: .utf8)
        for (index, value) in Self.projectValues.enumerated() {
            for target in ["\"Latgales plānošanas reģions\"", "\"LLI-59\""] {
                kinds += 1
                let folder = ledger.scratch.path + "/project-\(index)-\(target.count)"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for name in try FileManager.default.contentsOfDirectory(atPath: ledger.fixture) where name != "project.json" {
                    try FileManager.default.copyItem(atPath: ledger.fixture + "/" + name, toPath: folder + "/" + name)
                }
                try Data(project.replacingOccurrences(of: target,
                    with: value.json).utf8).write(to: URL(fileURLWithPath: folder + "/project.json"))
                let result = ledger.run(["check", folder])
                #expect([0, 1, 2].contains(result.status), "project \(value.name): exit \(result.status)")
                if result.status == 2 {
                    refused += 1
                    #expect(result.errors.hasPrefix(folder + "/project.json:"), "project \(value.name): \(result.errors.prefix(200))")
                } else {
                    accepted += 1
                }
            }
        }
        let verified = ledger.run(["verify"])
        #expect(verified.status == 0, "\(verified.output)")
        print("hostile input series: \(kinds) kinds (\(Self.hostileValues.count) values in each of 15 columns, "
            + "\(Self.fileOddities.count) file oddities, \(Self.projectValues.count * 2) project texts); \(refused) refused naming the "
            + "file and place, \(accepted) read as valid; no crash, every refused import left the ledger as it was, and it verifies")
        #expect(kinds >= 146)
    }
}
