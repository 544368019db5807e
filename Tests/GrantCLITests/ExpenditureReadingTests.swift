import Foundation
import GrantCore
import GrantFormats
import GrantReports
import GrantStore
import Testing
import TestSupport
@testable import GrantCLI

/// The one reading of expenditure files (`ExpenditureReader`), as `check`, `report` and `import`
/// use it: for a clean folder and for every kind of line a partner report may hold, the check,
/// the budget vs actual and the import give, to the byte, what they gave before the readers
/// were made one (`Golden/expenditure-changes.txt`, written by the two readers of step 10 and
/// unchanged since).
@Suite("Expenditure files read the one way")
struct ExpenditureReadingTests {
    static let header = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,"
        + "exchange_rate,amount_eur,description,document"

    /// Line `index` of a clean file: within the project, paid before submission, quoted and
    /// Latvian text, integer and decimal amounts, some declared below the gross.
    static func line(_ index: Int, file: Int) -> String {
        let categories = ["staff", "office", "travel", "external", "equipment"]
        let net = 100 + (index * 7_919 + file * 31) % 50_000
        let vat = index % 3 == 0 ? 0 : net * 21 / 100
        func euros(_ cents: Int) -> String {
            index % 7 == 0 && cents % 100 == 0 ? "\(cents / 100)" : String(format: "%d.%02d", cents / 100, cents % 100)
        }
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

    /// One change to the clean folder.
    struct Change: CustomTestStringConvertible, Sendable {
        let name: String
        let apply: @Sendable (ScratchFolder) throws -> Void
        var testDescription: String { name }
    }

    /// Replaces line `number` (1 = header) of `file` with what `edit` makes of it.
    static func editing(_ name: String, file: String = "expenditure-1.csv", line number: Int = 7,
                        _ edit: @escaping @Sendable (String) -> String) -> Change {
        Change(name: name) { folder in
            let path = folder.path + "/" + file
            var lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
            lines[number - 1] = edit(lines[number - 1])
            try folder.write(file, lines.joined(separator: "\n"))
        }
    }

    /// Field `index` (0 to 12: no quoted commas before them on line 7) replaced.
    static func field(_ name: String, _ index: Int, _ value: String) -> Change {
        editing(name) { line in
            var fields = line.components(separatedBy: ",")
            fields[index] = value
            return fields.joined(separator: ",")
        }
    }

    static let changes: [Change] = [
        editing("the same invoice as line 2, in another category") { _ in
            line(0, file: 1).replacingOccurrences(of: "LP,staff", with: "LP,travel")
        },
        field("unpaid", 6, ""),
        field("paid after submission", 6, "2019-06-01"),
        field("invoiced before the project", 5, "2016-12-01"),
        field("an unknown partner", 0, "PP9"),
        field("an unknown category", 1, "catering"),
        field("an unknown period", 2, "7"),
        field("the period written 04", 2, "04"),
        field("gross not net + VAT", 9, "1.00"),
        field("one decimal", 7, "100.5"),
        field("three decimals", 7, "100.505"),
        field("a negative net", 7, "-10.00"),
        field("currency in lower case", 10, "eur"),
        field("a NOK line without a rate", 10, "NOK"),
        field("an exchange rate on a euro line", 11, "1"),
        field("declared above the gross", 12, "99999999.00"),
        field("declared below the gross", 12, "1.00"),
        field("a space before the partner", 0, " LP"),
        editing("a tab in the document") { $0.replacingOccurrences(of: ",DOC/5", with: ",DOC\t5") },
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
        editing("a blank line between records") { "\n" + $0 },
        editing("a line of only commas") { _ in ",,,,,,,,,,,,,," },
        editing("a byte-order mark", line: 1) { "\u{FEFF}" + $0 },
        editing("Latvian column names", line: 1) { $0.replacingOccurrences(of: "supplier", with: "piegādātājs") },
        editing("semicolons in the header", line: 1) { $0.replacingOccurrences(of: ",", with: ";") },
        Change(name: "a header only") { folder in try folder.write("expenditure-2.csv", header + "\n") },
        Change(name: "invalid UTF-8") { folder in
            var bytes = Array(try String(contentsOfFile: folder.path + "/expenditure-1.csv", encoding: .utf8).utf8)
            bytes[bytes.count - 3] = 0xC3
            try folder.write("expenditure-1.csv", bytes: bytes)
        },
        Change(name: "a partner that recovers VAT") { folder in
            let project = try String(contentsOfFile: folder.path + "/project.json", encoding: .utf8)
            try folder.write("project.json", project.replacingOccurrences(of: "\"role\": \"lead\",",
                                                                          with: "\"role\": \"lead\", \"vatRecoverable\": true,"))
        },
        Change(name: "controls") { folder in
            try folder.write("controls.csv", "entry,certified,reason,note\n2,1.31,,\n")  // Line 0 declares 1.31.
        },
        Change(name: "payments") { folder in
            try folder.write("payments.csv", "partner,date,amount,note\nLP,2019-06-01,1000.00,first advance\n")
        },
        Change(name: "a payment of an unknown partner") { folder in
            try folder.write("payments.csv", "partner,date,amount,note\nPP7,2019-06-01,1000.00,\n")
        },
    ]


    /// What check and budget vs actual say of the folder (its lines audited as they are read, for
    /// `.sums`, or kept and audited after), and what importing its files (the first again at the
    /// end) records: the section of `Golden/expenditure-changes.txt` for the change.
    static func outcome(_ folder: ScratchFolder, need: ReportSource.Need) throws -> String {
        let text: String
        do {
            let source = try ReportSource.folder(folder.path, rulePack: nil, need: need)
            text = try source.audit().text() + TextRenderer().render(try source.document(.budgetVsActual, locale: .en))
        } catch {
            text = "error: \(error.message)"
        }
        let files = [folder.path + "/expenditure-1.csv", folder.path + "/expenditure-2.csv", folder.path + "/expenditure-1.csv"]
        let store = try ledger(folder)
        let grant = try store.grant("LLI-59")
        let submitted = CalendarDate(year: 2019, month: 5, day: 15)!
        var outcomes: [String] = []
        for file in files {
            do {
                let reader = ExpenditureReader(grant: grant, closedPeriods: [:], rates: nil, submissionDate: submitted, decimalMark: nil)
                let outcome = try ImportCommand.importFile(file, into: store, code: "LLI-59", reader: reader, submitted: submitted,
                                                           by: TestKeys.at(recordedAt), unchangedSince: FileSystem.version(file))
                outcomes.append("\(outcome)")
            } catch {
                outcomes.append("error: \(error)")
            }
        }
        // Each entry as it is encoded, but for its previous hash (the scratch folder's name is in the batches).
        let entries = try (1...store.chainHead().sequence).map { sequence in
            String(decoding: try store.entry(sequence).canonicalEncoding, as: UTF8.self)
                .replacingOccurrences(of: folder.path, with: "FOLDER")
                .components(separatedBy: "\n").dropLast(2).joined(separator: "\n")
        }
        let section = text + "\n--- import\n" + outcomes.joined(separator: "\n")
            + "\n--- entries \(entries.count), SHA-256 of their encodings "
            + SHA256.hash(Array(entries.joined(separator: "\n").utf8)).hexadecimal + "\n"
        return section.replacingOccurrences(of: folder.path, with: "FOLDER")
    }

    static let recordedAt = "2026-11-22T12:00:00Z"

    /// A fresh ledger with LLI-59 loaded, in `folder`.
    static func ledger(_ folder: ScratchFolder) throws -> LedgerStore {
        let store = try LedgerStore.create(at: folder.path + "/ledger.db", fileExists: false, owner: TestKeys.owner, name: "t").0
        _ = try store.loadProject(try Repository.grant("lli-59-open-leadership"), by: TestKeys.at(recordedAt))
        return store
    }

    /// The golden file's lines are at most 120 columns: a longer line of an outcome goes on over the
    /// next lines, each piece but the last ending in a backslash (no outcome line ends in one).
    static let goldenWidth = 120

    static func folded(_ text: String) -> String {
        text.components(separatedBy: "\n").map { line -> String in
            precondition(!line.hasSuffix("\\"), "An outcome line ending in a backslash would be read as folded")
            var pieces: [String] = []
            var rest = Substring(line)
            while rest.count > goldenWidth {
                pieces.append(rest.prefix(goldenWidth - 1) + "\\")
                rest = rest.dropFirst(goldenWidth - 1)
            }
            return (pieces + [String(rest)]).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func unfolded(_ text: String) -> String { text.replacingOccurrences(of: "\\\n", with: "") }

    /// The sections of the golden file, by change.
    static let golden: [String: String] = {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/expenditure-changes.txt").path
        let text = unfolded((try? String(contentsOfFile: path, encoding: .utf8)) ?? "")
        var sections: [String: String] = [:]
        for part in text.components(separatedBy: "=== ").dropFirst() {
            let name = String(part.prefix { $0 != "\n" })
            sections[name] = String(part.dropFirst(name.count + 1))
        }
        return sections
    }()

    @Test("the clean folder and each change to it: the check, budget vs actual and imports of before, to the byte",
          arguments: [Change(name: "none") { _ in }] + changes)
    func change(_ change: Change) throws {
        let expected = try #require(Self.golden[change.name])
        for need in [ReportSource.Need.audit, .lines] {
            let folder = try Self.cleanFolder()
            try change.apply(folder)
            let outcome = try Self.outcome(folder, need: need)
            if outcome != expected, let dump = ProcessInfo.processInfo.environment["GRANTLEDGER_DUMP_OUTCOMES"] {
                let file = dump + "/\(change.name) \(need).txt"
                try? Self.folded("=== \(change.name)\n" + outcome).write(toFile: file, atomically: true, encoding: .utf8)
            }
            #expect(outcome == expected, "read for \(need)")
        }
    }

    @Test("a line in a closed period is refused with its file and line")
    func closedPeriod() throws {
        let folder = try Self.cleanFolder()
        let store = try Self.ledger(folder)
        _ = try store.closePeriod(3, projectCode: "LLI-59", by: TestKeys.at(Self.recordedAt))
        let grant = try store.grant("LLI-59")
        let closed = try store.closedPeriods("LLI-59").mapValues { "closed on \($0.recordedAt) by \($0.author)" }
        let submitted = CalendarDate(year: 2019, month: 5, day: 15)!
        let reader = ExpenditureReader(grant: grant, closedPeriods: closed, rates: nil, submissionDate: submitted, decimalMark: nil)
        let file = folder.path + "/expenditure-1.csv"
        #expect(throws: InputError(file: file, location: .cell(line: 4, column: 11),
                                   problem: "period 3 is closed (closed on \(Self.recordedAt) by t); a closed period takes no new "
                                       + "entries, so declare this line in an open period")) {
            _ = try ImportCommand.importFile(file, into: store, code: "LLI-59", reader: reader, submitted: submitted,
                                             by: TestKeys.at(Self.recordedAt), unchangedSince: FileSystem.version(file))
        }
        #expect(try store.chainHead().sequence == 2)
    }

    @Test("every dialect read in chunks of 1 to 8 bytes gives the lines read whole: letters, quoted line breaks, CRLF, a byte-order mark")
    func chunks() throws {
        let grant = try Repository.grant("lli-59-open-leadership")
        let text = "\u{FEFF}" + Self.header.replacingOccurrences(of: ",", with: ";") + "\r\n"
            + "LP;staff;1;\"R\"\"1\";\"Rēzeknes\nSIA\";03.06.2017;05.06.2017;1 234,50;0;1 234,50;EUR;;;\"a; b 😀\";D\r\n"
            + "PP2;travel;2;R2;UAB Ežerų kraštas;2017-12-01;2017-12-02;100,00;21,00;121,00;PLN;4,2244;;Ž;D2\r\n"
        let reader = ExpenditureReader(grant: grant, closedPeriods: [:], rates: nil,
                                       submissionDate: CalendarDate(year: 2018, month: 1, day: 5)!, decimalMark: nil)
        let whole = try reader.lines(file: "e.csv", bytes: Array(text.utf8))
        #expect(whole.map(\.1) == [2, 4])
        #expect(whole.map(\.0.supplier) == ["Rēzeknes\nSIA", "UAB Ežerų kraštas"])
        #expect(whole.map(\.0.invoiceNumber) == ["R\"1", "R2"])
        #expect(whole.map(\.0.declaredEuros.minorUnits) == [123_450, 2_864])
        for chunk in 1...8 {
            let read = try reader.lines(file: "e.csv", bytes: Array(text.utf8), chunk: chunk)
            #expect(read.map(\.0) == whole.map(\.0), "chunks of \(chunk) bytes")
        }
    }

    /// Files of `lines` clean lines each, the second with `bad` (if any) as its line `badAt`.
    static func readAhead(_ lines: [Int], bad: (line: String, at: Int)? = nil) throws -> (ReadAhead, [[UInt8]]) {
        let grant = try Repository.grant("lli-59-open-leadership")
        var contents: [[UInt8]] = []
        for (number, count) in lines.enumerated() {
            var rows = [header] + (0..<count).map { line($0, file: number + 1) }
            if number == 1, let bad { rows[bad.at - 1] = bad.line }
            contents.append(Array((rows.joined(separator: "\n") + "\n").utf8))
        }
        let reader = ExpenditureReader(grant: grant, closedPeriods: [:], rates: nil,
                                       submissionDate: CalendarDate(year: 2019, month: 5, day: 15)!, decimalMark: nil)
        let files = contents.enumerated().map { number, bytes in
            ReadAhead.File(path: "e\(number + 1).csv", reader: reader) {
                var remaining = bytes[...]
                let read = { (count: Int) throws(InputError) -> [UInt8] in
                    let piece = Array(remaining.prefix(min(count, 1_000)))
                    remaining = remaining.dropFirst(piece.count)
                    return piece
                }
                return (read, {})
            }
        }
        return (ReadAhead(files, hashing: true, skippingUnknown: true), contents)
    }

    @Test("read ahead on a thread of its own: every line in order over many batches, each file's digest, unknown references")
    func readAheadInOrder() throws {
        let unknownLine = "PP7,staff,1,X-1,S,2018-01-01,2018-01-02,1.00,0,1.00,EUR,,,d,D"
        let (ahead, contents) = try Self.readAhead([5_000, 3_000], bad: (unknownLine, 1_500))
        defer { ahead.finish() }
        var lines: [[Int]] = [[], []]
        var unknown: [String] = []
        var digests: [[UInt8]?] = []
        for file in 0..<2 {
            digests.append(try ahead.read(file, skipUnknown: { unknown.append("\($0.file):\($0.line) \($0.value)") }) {
                lines[file].append($0.sourceLine)
                #expect(String(decoding: $0.description, as: UTF8.self) == "Apraksts \($0.sourceLine - 2), ar komatu")
            })
        }
        #expect(lines[0] == Array(2...5_001))
        #expect(lines[1] == Array(2...1_499) + Array(1_501...3_001))
        #expect(unknown == ["e2.csv:1500 PP7"])
        #expect(digests == contents.map { Optional(SHA256.hash($0)) })
    }

    @Test("read ahead: a bad line's error comes after the lines before it; a caller that stops early stops the thread")
    func readAheadStops() throws {
        let (ahead, _) = try Self.readAhead([3_000, 4_000], bad: ("LP,staff,1,X,S,2018-01-01,,1.00,0,1.00,EUR,,,d", 2_500))
        var count = 0
        _ = try ahead.read(0, skipUnknown: { _ in }) { _ in count += 1 }
        let fields = "the line has 14 fields but the header has 15; check the delimiters and quotes on this line"
        #expect(throws: InputError(file: "e2.csv", location: .line(2_500), problem: fields)) {
            _ = try ahead.read(1, skipUnknown: { _ in }) { _ in count += 1 }
        }
        #expect(count == 3_000 + 2_498)
        ahead.finish()
        struct Enough: Error {}
        let (early, _) = try Self.readAhead([20_000, 20_000])
        #expect(throws: Enough.self) { _ = try early.read(0, skipUnknown: { _ in }) { _ in throw Enough() } }
        early.finish()
    }
}
