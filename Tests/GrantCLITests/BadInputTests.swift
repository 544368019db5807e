import Foundation
import Testing
import GrantCore
import TestSupport
@testable import GrantCLI

/// The bad-input corpus (`Fixtures/bad-input/`): every malformed file is refused with exit 2 and
/// the exact message recorded for it, and the ledger is left byte for byte as it was.
@Suite("Bad input corpus")
struct BadInputTests {
    static let corpus = "Fixtures/bad-input"

    /// The recorded message of each corpus file, by its path from the repository root.
    static func expected() throws -> [(path: String, message: String)] {
        let text = String(decoding: try Repository.bytes("\(corpus)/expected-errors.tsv"), as: UTF8.self)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        }
    }

    /// What each kind of corpus file is given to.
    static func arguments(for path: String) -> [String] {
        let absolute = Repository.path(path)
        let fixture = Repository.path("Fixtures/lli-59-open-leadership")
        switch path.split(separator: "/")[2] {
        case "expenditure": return ["import", absolute, "--rates", "\(fixture)/rates.csv", "--submitted", "2018-11-15"]
        case "rates": return ["import", Repository.path("\(corpus)/valid/expenditure.csv"), "--rates", absolute, "--submitted", "2018-11-15"]
        case "budget-tables": return ["check", absolute]
        case "projects": return ["load", absolute]
        default: return ["check", fixture, "--rules", absolute]
        }
    }

    /// The ledger's files and their bytes.
    static func snapshot(_ ledger: LedgerSession) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: ledger.scratch.path) where name.hasPrefix("ledger.db") && !name.hasSuffix("-shm") {
            files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: ledger.scratch.path + "/" + name)))
        }
        return files
    }

    @Test("at least 40 malformed files, each refused with exit 2 and its recorded message, the ledger untouched")
    func corpusRefused() throws {
        let cases = try Self.expected()
        #expect(cases.count >= 40)
        let files = try FileManager.default.subpathsOfDirectory(atPath: Repository.path(Self.corpus))
            .filter { ($0.hasSuffix(".csv") || $0.hasSuffix(".json")) && !$0.hasPrefix("valid/") && !$0.hasPrefix("projects/") }
        let projects = try FileManager.default.contentsOfDirectory(atPath: Repository.path("\(Self.corpus)/projects"))
        #expect(Set(cases.map(\.path)) == Set(files.map { "\(Self.corpus)/\($0)" } + projects.map { "\(Self.corpus)/projects/\($0)" }),
                "every corpus file has a recorded message")
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let before = try Self.snapshot(ledger)
        for (path, message) in cases {
            let result = ledger.run(Self.arguments(for: path))
            #expect(result.status == 2, "\(path): exit \(result.status)")
            let first = result.errors.split(separator: "\n").first.map { $0.replacingOccurrences(of: Repository.root + "/", with: "") }
            #expect(first == message, "\(path)")
            #expect(try Self.snapshot(ledger) == before, "\(path) changed the ledger")
        }
    }

    @Test("a 10 MB line, a file over the size limit, a device and a pipe are refused without reading them whole")
    func generatedHostileFiles() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let before = try Self.snapshot(ledger)
        let header = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n"
        let long = try ledger.scratch.write("long-line.csv", header + "LP,travel,3,X,S,2018-06-01,2018-06-05,1.00,0.00,1.00,EUR,,,"
                                             + String(repeating: "ab,", count: 3_500_000) + "D\n")
        let huge = ledger.scratch.path + "/huge.csv"
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: UInt64(Limits.inputFileBytesMax) + 1)  // sparse: no disk used
        try handle.close()
        let fifo = ledger.scratch.path + "/pipe.csv"
        #expect(mkfifo(fifo, 0o600) == 0)
        let cases: [([String], String)] = [
            (["import", long], "\(long):2: the line is longer than 1048576 bytes, the most a line may have; is this a CSV file?"),
            (["import", huge], "\(huge): the file is 1073741825 bytes, more than the 1073741824 an input file may have; split it into several files"),
            (["check", huge], "\(huge): the file is 1073741825 bytes, more than the 1073741824 an input file may have; split it into several files"),
            (["import", "/dev/zero"], "/dev/zero: is not a regular file (a device, pipe or socket); give the path of a file"),
            (["check", "/dev/zero"], "/dev/zero: is not a regular file (a device, pipe or socket); give the path of a file"),
            (["import", fifo], "\(fifo): is not a regular file (a device, pipe or socket); give the path of a file"),
        ]
        for (arguments, message) in cases {
            let result = ledger.run(arguments + ["--submitted", "2018-11-15"].filter { _ in arguments[0] == "import" })
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errors.split(separator: "\n").first.map(String.init) == message)
            #expect(try Self.snapshot(ledger) == before)
        }
    }
}

@Suite("Arguments that would reach the terminal")
struct ControlArgumentTests {
    @Test("an ESC, C1 or bidi control in --reason, --author, --note or a path is refused before anything runs",
          arguments: [["reverse", "2", "--reason", "ok\u{1B}[2J"], ["certify", "2", "--author", "inga\u{9B}"],
                      ["record-payment", "LP", "1.00", "--date", "2018-01-01", "--note", "x\u{202E}y"], ["check", "a\u{7}.csv"]])
    func refused(_ arguments: [String]) {
        let result = runCLI(arguments)
        #expect(result.status == 2)
        #expect(result.errors.hasPrefix("grantledger: an argument holds the invisible or control character U+"), "\(result.errors)")
        #expect(!result.errors.contains("\u{1B}") && !result.errors.contains("\u{9B}") && !result.errors.contains("\u{202E}"))
    }
}

@Suite("Control characters in expenditure files")
struct ControlCharacterFileTests {
    @Test("a DEL or C1 control in a plain euro line is refused by the import, fast reading or full, naming the cell",
          arguments: ["\u{7F}", "\u{85}"])
    func refusedByImport(_ control: String) throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let file = try ledger.scratch.write("e.csv",
                                            ExpenditureReadingTests.header
                                                + "\nLP,staff,1,S-1,Payroll,2017-06-01,2017-06-05,10.00,0.00,10.00,EUR,,,"
                                                + "Salary\(control)x,D1\n")
        let result = ledger.run(["import", file, "--submitted", "2017-11-15"])
        #expect(result.status == 2)
        let code = control == "\u{7F}" ? "007F" : "0085"
        #expect(result.errors == "\(file):2:69: the text holds a control character (U+\(code)), which a terminal or "
            + "spreadsheet would act on; remove it\n")
    }
}
