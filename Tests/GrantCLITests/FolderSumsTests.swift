import Foundation
import GrantReports
import Testing
import TestSupport
@testable import GrantCLI

/// The fast reading of a folder as sums (`ExpenditureScan`) against the full reading: for a
/// clean folder it must be taken and give the same check and budget vs actual; for every kind
/// of line it leaves to the full reading, the outcome must be the full reading's, to the byte.
@Suite("Folder read as sums against the full reading")
struct FolderSumsTests {
    static let header = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document"

    /// Line `index` of a clean file: within the project, paid before submission, quoted and
    /// Latvian text, integer and decimal amounts, some declared below the gross.
    static func line(_ index: Int, file: Int) -> String {
        let categories = ["staff", "office", "travel", "external", "equipment"]
        let net = 100 + (index * 7_919 + file * 31) % 50_000
        let vat = index % 3 == 0 ? 0 : net * 21 / 100
        func euros(_ cents: Int) -> String { index % 7 == 0 && cents % 100 == 0 ? "\(cents / 100)" : String(format: "%d.%02d", cents / 100, cents % 100) }
        let supplier = switch index % 4 {
        case 0: "\"SIA \"\"Latgales druka\"\", Rēzekne\""
        case 1: "Piegādātājs \(index % 13)"
        case 2: "UAB Ežerų kraštas"
        default: "Supplier \(index % 11)"
        }
        let declared = index % 5 == 4 ? euros(net) : ""
        return "\(index % 2 == 0 ? "LP" : "PP2"),\(categories[index % 5]),\(index % 4 + 1),F\(file)-\(index),\(supplier),"
            + "2018-0\(index % 9 + 1)-1\(index % 10),2018-10-0\(index % 9 + 1),\(euros(net)),\(euros(vat)),\(euros(net + vat)),"
            + "\(index % 2 == 0 ? "EUR" : ""),,\(declared),\"Apraksts \(index), ar komatu\",DOC/\(index)"
    }

    /// A folder with LLI-59's project and budget lines and `submissions` under the header of
    /// `submissions.csv`; its expenditure files are the caller's to write.
    static func projectFolder(submissions: String) throws -> ScratchFolder {
        let folder = try ScratchFolder()
        for name in ["project.json", "budget-lines.csv"] {
            try folder.write(name, bytes: try Repository.bytes("Fixtures/lli-59-open-leadership/\(name)"))
        }
        try folder.write("submissions.csv", "file,submitted\n" + submissions)
        return folder
    }

    /// A folder of the LLI-59 project with two expenditure files (the second with CRLF line ends).
    static func cleanFolder() throws -> ScratchFolder {
        let folder = try projectFolder(submissions: "expenditure-1.csv,2019-05-15\nexpenditure-2.csv,2019-05-20\n")
        try folder.write("expenditure-1.csv", ([header] + (0..<120).map { line($0, file: 1) }).joined(separator: "\n") + "\n")
        try folder.write("expenditure-2.csv", ([header] + (0..<80).map { line($0, file: 2) }).joined(separator: "\r\n") + "\r\n")
        return folder
    }

    /// `line` with its payment date taken out (its first fields hold no quoted comma).
    static func unpaid(_ line: String) -> String {
        var fields = line.components(separatedBy: ",")
        fields[6] = ""
        return fields.joined(separator: ",")
    }

    /// A folder whose one expenditure file is large enough to be scanned by two threads taking
    /// pieces in turn (`ScannedFile.sharingBytes`; nine or more pieces of `pieceBytes`), with
    /// `extra` put in before line `position` when given, every line padded to `lineBytes` (its
    /// line break `lineBreak` included; the first line `firstLonger` bytes more) when given.
    static func largeFolder(extra: String? = nil, at position: Int = 11_000, lineBytes: Int? = nil, lineBreak: String = "\n",
                            firstLonger: Int = 0) throws -> ScratchFolder {
        let folder = try projectFolder(submissions: "expenditure-1.csv,2019-05-15\n")
        var lines = (0..<11_000).map { line($0, file: 1) }
        if let lineBytes {
            // The document reference lengthened, so that each line with its line feed is `lineBytes` long.
            lines = lines.enumerated().map { index, line in
                line + String(repeating: "x", count: lineBytes + (index == 0 ? firstLonger : 0) - lineBreak.utf8.count - line.utf8.count)
            }
        }
        if let extra { lines.insert(extra, at: position) }
        let text = ([header] + lines).joined(separator: lineBreak) + lineBreak
        #expect(text.utf8.count >= max(ScannedFile.sharingBytes, 9 * ScannedFile.pieceBytes))
        try folder.write("expenditure-1.csv", text)
        return folder
    }

    @Test("a file scanned in pieces by two threads gives the full reading's check and report; a problem in any piece, or an invoice repeated across pieces, leaves it to the full reading",
          arguments: [(nil, 0, true), (line(17, file: 1), 11_000, false), (unpaid(line(11_001, file: 1)), 11_000, false),
                      (unpaid(line(11_002, file: 1)), 5_500, false), ("LP,staff,1,bad", 3_000, false)])
    func pieces(extra: String?, at position: Int, staysSummed: Bool) throws {
        let folder = try Self.largeFolder(extra: extra, at: position)
        let summed = Self.outcome(folder.path, need: .sums)
        let full = Self.outcome(folder.path, need: .lines)
        #expect(summed.text == full.text)
        #expect(summed.summed == staysSummed)
        if staysSummed { #expect(summed.text.contains("Checked:    11000 expenditure and reversal entries")) }
    }

    @Test("lines of 256 bytes, so that every piece starts exactly at a line (LF), or between a CR and its LF (CRLF, the first line a byte longer): each line is read once",
          arguments: [("\n", 0), ("\r\n", 1)])
    func piecesStartingAtLines(lineBreak: String, firstLonger: Int) throws {
        let folder = try Self.largeFolder(lineBytes: 256, lineBreak: lineBreak, firstLonger: firstLonger)
        let summed = Self.outcome(folder.path, need: .sums)
        let full = Self.outcome(folder.path, need: .lines)
        #expect(summed.summed)
        #expect(summed.text == full.text)
        #expect(summed.text.contains("Checked:    11000 expenditure and reversal entries"))
    }

    /// A file of lines whose descriptions put a letter of 2, 3 or 4 bytes across each piece
    /// boundary (every `pieceBytes`, so also the full reading's 1 MiB), cut after each of its
    /// bytes in turn: 2 + 3 + 4 letters × their cuts, one a boundary, over 24 boundaries.
    static func boundaryFolder() throws -> ScratchFolder {
        let folder = try projectFolder(submissions: "expenditure-1.csv,2019-05-15\n")
        let cuts: [(letter: String, cut: Int)] = ["ā", "€", "😀", "ž", "ė", "𝐀"].flatMap { letter in
            (1..<letter.utf8.count).map { (letter, $0) }
        }
        var text = header + "\n"
        var index = 0
        for boundary in (1...24).map({ $0 * ScannedFile.pieceBytes }) {
            while text.utf8.count + 400 < boundary {
                text += line(index, file: 1) + "\n"
                index += 1
            }
            let (letter, cut) = cuts[(boundary / ScannedFile.pieceBytes) % cuts.count]
            let head = "LP,staff,1,B-\(index),Latgales plānošanas reģions,2018-03-10,2018-03-12,10.00,0.00,10.00,EUR,,,"
            let padding = boundary - cut - text.utf8.count - head.utf8.count
            text += head + String(repeating: "a", count: padding) + letter + " Pēdējā,DOC/B\n"
            #expect(Array(text.utf8)[boundary - cut..<boundary - cut + letter.utf8.count] == Array(letter.utf8)[...])
            index += 1
        }
        try folder.write("expenditure-1.csv", text + line(index, file: 1) + "\n")
        return folder
    }

    @Test("a letter across every piece boundary and the 1 MiB of the full reading reads as it is: as sums, in full, imported")
    func lettersAcrossPieces() throws {
        let folder = try Self.boundaryFolder()
        let summed = Self.outcome(folder.path, need: .sums)
        let full = Self.outcome(folder.path, need: .lines)
        #expect(summed.summed)
        #expect(summed.text == full.text)
        #expect(!full.text.contains("not valid UTF-8"))
        let ledger = try LedgerSession()
        _ = ledger.run(["init"])
        _ = ledger.run(["load", folder.path])
        let imported = ledger.run(["import", folder.path + "/expenditure-1.csv", "--submitted", "2019-05-15"])
        #expect(imported.status == 0, "\(imported.errors)")
        #expect(ledger.run(["verify"]).status == 0)
    }

    /// What check and budget vs actual say of the folder, read as sums or in full.
    static func outcome(_ path: String, need: ReportSource.Need) -> (text: String, summed: Bool) {
        do {
            let source = try ReportSource.folder(path, rulePack: nil, need: need)
            let audit = try source.audit()
            let report = try source.document(.budgetVsActual, locale: .en)
            return (audit.text() + TextRenderer().render(report), source.spend != nil)
        } catch {
            return ("error: \(error.message)", false)
        }
    }

    @Test("a clean folder is read as sums, with the full reading's findings, entry count, fingerprint and report")
    func cleanFolderIsSummed() throws {
        let folder = try Self.cleanFolder()
        let summed = Self.outcome(folder.path, need: .sums)
        let full = Self.outcome(folder.path, need: .lines)
        #expect(summed.summed)
        #expect(!full.summed)
        #expect(summed.text == full.text)
        #expect(summed.text.contains("Checked:    200 expenditure and reversal entries"))
    }

    /// One change to the clean folder: what it does, and whether the sums may still be read.
    struct Change: CustomTestStringConvertible, Sendable {
        let name: String
        let staysSummed: Bool
        let apply: @Sendable (ScratchFolder) throws -> Void
        var testDescription: String { name }
    }

    /// Replaces line `number` (1 = header) of `file` with what `edit` makes of it.
    static func editing(_ name: String, staysSummed: Bool = false, file: String = "expenditure-1.csv", line number: Int = 7,
                        _ edit: @escaping @Sendable (String) -> String) -> Change {
        Change(name: name, staysSummed: staysSummed) { folder in
            let path = folder.path + "/" + file
            var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            lines[number - 1] = edit(lines[number - 1])
            try folder.write(file, lines.joined(separator: "\n"))
        }
    }

    /// Field `index` (0 to 12: no quoted commas before them on line 7) replaced.
    static func field(_ name: String, _ index: Int, _ value: String, staysSummed: Bool = false) -> Change {
        editing(name, staysSummed: staysSummed) { line in
            var fields = line.components(separatedBy: ",")
            fields[index] = value
            return fields.joined(separator: ",")
        }
    }

    static let changes: [Change] = [
        editing("the same invoice as line 2, in another category") { _ in line(0, file: 1).replacingOccurrences(of: "LP,staff", with: "LP,travel") },
        field("unpaid", 6, ""),
        field("paid after submission", 6, "2019-06-01"),
        field("invoiced before the project", 5, "2016-12-01"),
        field("an unknown partner", 0, "PP9"),
        field("an unknown category", 1, "catering"),
        field("an unknown period", 2, "7"),
        field("the period written 04", 2, "04", staysSummed: true),
        field("gross not net + VAT", 9, "1.00"),
        field("one decimal", 7, "100.5"),
        field("three decimals", 7, "100.505"),
        field("a negative net", 7, "-10.00"),
        field("currency in lower case", 10, "eur"),
        field("a NOK line without a rate", 10, "NOK"),
        field("an exchange rate on a euro line", 11, "1"),
        field("declared above the gross", 12, "99999999.00"),
        field("declared below the gross", 12, "1.00", staysSummed: true),
        field("a space before the partner", 0, " LP"),
        editing("a tab in the document", staysSummed: true) { $0.replacingOccurrences(of: ",DOC/5", with: ",DOC\t5") },
        editing("a NUL in the document") { $0.replacingOccurrences(of: ",DOC/5", with: ",DOC\u{0}5") },
        editing("a bidirectional control in the document") { $0.replacingOccurrences(of: ",DOC/5", with: ",DOC\u{202E}5") },
        editing("a quote inside an unquoted field") { $0.replacingOccurrences(of: ",DOC/5", with: ",DOC\"5") },
        field("a date of 30 February", 5, "2018-02-30"),
        field("a Latvian date", 5, "15.03.2018"),
        editing("a line break inside quotes") { $0.replacingOccurrences(of: "ar komatu", with: "ar\nkomatu") },
        editing("text after a closing quote") { $0.replacingOccurrences(of: "ar komatu\"", with: "ar komatu\"x") },
        editing("an unclosed quote on the last line", line: 121) { $0.replacingOccurrences(of: "ar komatu\"", with: "ar komatu") },
        editing("an empty field too many") { $0 + "," },
        editing("a field too few") { String($0[..<$0.lastIndex(of: ",")!]) },
        editing("a blank line between records", staysSummed: true) { "\n" + $0 },
        editing("a line of only commas") { _ in ",,,,,,,,,,,,,," },
        editing("a byte-order mark", line: 1) { "\u{FEFF}" + $0 },
        editing("Latvian column names", staysSummed: true, line: 1) { $0.replacingOccurrences(of: "supplier", with: "piegādātājs") },
        editing("semicolons in the header", line: 1) { $0.replacingOccurrences(of: ",", with: ";") },
        Change(name: "a header only", staysSummed: false) { folder in try folder.write("expenditure-2.csv", header + "\n") },
        Change(name: "invalid UTF-8", staysSummed: false) { folder in
            var bytes = Array(try String(contentsOfFile: folder.path + "/expenditure-1.csv", encoding: .utf8).utf8)
            bytes[bytes.count - 3] = 0xC3
            try folder.write("expenditure-1.csv", bytes: bytes)
        },
        Change(name: "a partner that recovers VAT", staysSummed: false) { folder in
            let project = try String(contentsOfFile: folder.path + "/project.json", encoding: .utf8)
            try folder.write("project.json", project.replacingOccurrences(of: "\"role\": \"lead\",", with: "\"role\": \"lead\", \"vatRecoverable\": true,"))
        },
        Change(name: "controls", staysSummed: false) { folder in
            try folder.write("controls.csv", "entry,certified,reason,note\n2,1.31,,\n")  // Line 0 declares 1.31.
        },
        Change(name: "payments", staysSummed: true) { folder in
            try folder.write("payments.csv", "partner,date,amount,note\nLP,2019-06-01,1000.00,first advance\n")
        },
        Change(name: "a payment of an unknown partner", staysSummed: false) { folder in
            try folder.write("payments.csv", "partner,date,amount,note\nPP7,2019-06-01,1000.00,\n")
        },
    ]

    @Test("each change gives the full reading's outcome; only harmless ones keep the sums", arguments: changes)
    func change(_ change: Change) throws {
        let folder = try Self.cleanFolder()
        try change.apply(folder)
        let summed = Self.outcome(folder.path, need: .sums)
        let full = Self.outcome(folder.path, need: .lines)
        #expect(summed.text == full.text)
        #expect(summed.summed == change.staysSummed)
    }
}
