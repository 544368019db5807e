import Foundation
import Testing
import TestSupport
@testable import GrantCLI

/// Runs a command-line tool and returns its standard output, or nil when it is not installed.
func tool(_ name: String, _ arguments: [String]) -> (status: Int32, output: String)? {
    let candidates = ["/usr/bin/\(name)", "/usr/local/bin/\(name)"]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    guard (try? process.run()) != nil else { return nil }
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

let pdfToolsInstalled = FileManager.default.isExecutableFile(atPath: "/usr/bin/pdftotext") && FileManager.default.isExecutableFile(atPath: "/usr/bin/qpdf")

@Suite("PDF reports")
struct PDFTests {
    func pdf(_ kind: String) throws -> (path: String, scratch: ScratchFolder) {
        let scratch = try ScratchFolder()
        let path = scratch.path + "/\(kind).pdf"
        let result = runCLI(["report", kind, Repository.path("Fixtures/lli-59-open-leadership"), "--format", "pdf", "--output", path])
        #expect(result.status == 0, "\(result.errors)")
        return (path, scratch)
    }

    @Test("the file is a well-formed PDF whose cross-reference offsets point at its objects")
    func structure() throws {
        let (path, scratch) = try pdf("budget-vs-actual")
        _ = scratch
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("%PDF-1.4\n"))
        #expect(text.hasSuffix("%%EOF\n"))
        // Both fonts embedded, each a subset, with the map back to text.
        #expect(text.components(separatedBy: "/Subtype /CIDFontType2").count == 3)
        #expect(text.components(separatedBy: "/FontFile2 ").count == 3 && text.contains("/ToUnicode "))
        let xrefStart = try #require(text.range(of: "\nstartxref\n")).upperBound
        let xrefOffset = try #require(Int(text[xrefStart...].prefix { $0.isNumber }))
        #expect(String(decoding: bytes[xrefOffset..<(xrefOffset + 4)], as: UTF8.self) == "xref")
        // Each object's offset in the table starts "N 0 obj".
        let table = String(decoding: bytes[xrefOffset...], as: UTF8.self).split(separator: "\n").dropFirst(3)
        for (index, row) in table.prefix(4).enumerated() {
            let offset = try #require(Int(row.prefix(10)))
            #expect(String(decoding: bytes[offset..<(offset + 8)], as: UTF8.self).hasPrefix("\(index + 1) 0 obj"))
        }
    }

    @Test("the same ledger gives the same PDF bytes")
    func deterministic() throws {
        let (first, one) = try pdf("co-financing")
        let (second, two) = try pdf("co-financing")
        _ = (one, two)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test("qpdf finds no error; Baltic, Polish, Romanian, Hungarian, Greek and Cyrillic names print and extract as written",
          .enabled(if: pdfToolsInstalled))
    func extractsText() throws {
        let (path, scratch) = try pdf("co-financing")
        _ = scratch
        let check = try #require(tool("qpdf", ["--check", path]))
        #expect(check.status == 0)
        let text = try #require(tool("pdftotext", ["-layout", path, "-"])).output
        #expect(text.contains("PP2 Latgales plānošanas reģions"))
        #expect(text.contains("Programme funds"))
        #expect(text.contains("325,267.50"))
        // Every letter of both Baltic alphabets, and names in the other scripts of EU partnerships, survive the round trip.
        let scratchFolder = try ScratchFolder()
        let letters = "āčēģīķļņšūž ĀČĒĢĪĶĻŅŠŪŽ ąęėįų ĄĘĖĮŲ Łódź Świętokrzyskie Iași Ștefan Țară Győr Szőlő "
            + "Ελληνικά Παπαδόπουλος "
            + "Иванов Ђорђевић Україна"
        let project = try String(contentsOfFile: Repository.path("Fixtures/lli-59-open-leadership/project.json"), encoding: .utf8)
            .replacingOccurrences(of: "Latgales plānošanas reģions", with: letters)
        for name in try FileManager.default.contentsOfDirectory(atPath: Repository.path("Fixtures/lli-59-open-leadership")) where name != "project.json" {
            try FileManager.default.copyItem(atPath: Repository.path("Fixtures/lli-59-open-leadership/\(name)"), toPath: "\(scratchFolder.path)/\(name)")
        }
        try scratchFolder.write("project.json", project)
        let lettersPDF = scratchFolder.path + "/letters.pdf"
        #expect(runCLI(["report", "co-financing", scratchFolder.path, "--format", "pdf", "--output", lettersPDF]).status == 0)
        #expect(try #require(tool("pdftotext", [lettersPDF, "-"])).output.contains(letters))
        let fonts = try #require(tool("pdffonts", [lettersPDF])).output.split(separator: "\n").dropFirst(2)
        #expect(fonts.count == 2 && fonts.allSatisfy { $0.contains("CID TrueType      Identity-H       yes yes yes") }, "\(fonts)")
    }
}
