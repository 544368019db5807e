import GrantCore
import GrantFormats

/// The readers that take untrusted bytes, each wrapped so any input can be fed to it: libFuzzer
/// drives them (`Fuzz/`, see RELIABILITY.md) and the test suite replays every saved input
/// (`Fuzz/corpus/TARGET/`). A reader may refuse an input with an error; it must never crash,
/// hang or break its own promises (checked below where a reader makes one).
public enum FuzzTarget: String, CaseIterable, Sendable {
    case amount
    case csv
    case budgetTable = "budget-table"
    case expenditure
    case rates
    case project
    case rulePack = "rule-pack"

    /// Feeds `bytes` to the target's reader.
    public func run(_ bytes: [UInt8]) {
        switch self {
        case .amount: Self.amount(bytes)
        case .csv: _ = try? CSVDocument(bytes: bytes, file: "fuzz.csv")
        case .budgetTable: _ = try? BudgetTableReader().read(bytes, file: "fuzz.csv")
        case .expenditure: Self.expenditure(bytes)
        case .rates: _ = try? RateTableReader().read(bytes, file: "fuzz.csv")
        case .project: Self.project(bytes)
        case .rulePack: _ = try? RulePackJSON.read(bytes, file: "fuzz.json")
        }
    }

    /// Any text, under both decimal marks; what reads as an amount must format and read back as
    /// the same amount.
    private static func amount(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        for mark in [DecimalMark.point, .comma] {
            let parser = AmountParser(decimalMark: mark, currency: .euro)
            guard let money = try? parser.parse(text) else { continue }
            let format = mark == .point ? AmountFormat.en : AmountFormat.lv
            guard (try? parser.parse(format.format(money))) == money else {
                fatalError("\(text.debugDescription) read as \(money.minorUnits) but its formatted form does not read back")
            }
        }
    }

    /// Any bytes as an expenditure file of a small project with every kind of line.
    private static func expenditure(_ bytes: [UInt8]) {
        guard let grant = Self.grant else { fatalError("the fuzzing project does not read") }
        let rates = try? RateTableReader().read(Array("currency,month,units_per_euro\nPLN,2018-06,4.3\n".utf8), file: "rates.csv")
        let reader = ExpenditureReader(grant: grant, closedPeriods: [1: "closed"], rates: rates,
                                       submissionDate: CalendarDate(year: 2018, month: 6, day: 15)!, decimalMark: nil)
        var remaining = bytes[...]
        var total = Money.zero(.euro)
        _ = try? reader.read(file: "fuzz.csv", hashing: true, from: { (count) throws(InputError) in
            let chunk = Array(remaining.prefix(min(count, 64)))  // small chunks exercise records split across reads
            remaining = remaining.dropFirst(chunk.count)
            return chunk
        }) { record in
            guard LineAmounts(net: record.net, vat: record.vat, gross: record.gross, exchangeRate: record.exchangeRate).hold else {
                fatalError("a line whose gross is not net + VAT, or whose rate does not match its currency, was accepted")
            }
            total = try total.adding(record.declared)
        }
    }

    /// Any bytes as project.json, with a budget-lines file that fits the fuzzing project.
    private static func project(_ bytes: [UInt8]) {
        _ = try? ProjectFolderReader().read(projectJSON: bytes, file: "project.json") { name in (Array(budgetLines.utf8), name) }
    }

    static let grant: Grant? = try? ProjectFolderReader().read(projectJSON: Array(projectJSON.utf8), file: "project.json") { name in
        (Array(budgetLines.utf8), name)
    }

    /// A small project: two partners, two sources, two categories, two periods.
    static let projectJSON = """
        {
          "format": "grantledger-project/1",
          "programme": { "name": "Fuzzing programme", "rulePack": "interreg-2014-2020" },
          "project": { "code": "FZ-1", "acronym": "Fuzz", "title": "Fuzzing", "start": "2018-01-01", "end": "2018-12-31", "currency": "EUR" },
          "fundingSources": [
            { "id": "ERDF", "kind": "programme-funds", "fund": "ERDF" },
            { "id": "LV", "kind": "partner-contribution", "contributionType": "public" }
          ],
          "costCategories": [ { "id": "staff", "name": "Staff" }, { "id": "travel", "name": "Travel" } ],
          "reportingPeriods": [
            { "number": 1, "start": "2018-01-01", "end": "2018-06-30" },
            { "number": 2, "start": "2018-07-01", "end": "2018-12-31" }
          ],
          "partners": [
            { "id": "LP", "role": "lead", "name": "Lead", "country": "LV", "approved": [{ "source": "ERDF", "amount": "850.00" }, { "source": "LV", "amount": "150.00" }], "approvedTotal": "1000.00" },
            { "id": "PP2", "role": "partner", "name": "Partner", "country": "LT", "approved": [{ "source": "ERDF", "amount": "85.00" }, { "source": "LV", "amount": "15.00" }], "approvedTotal": "100.00" }
          ],
          "budgetLines": "budget-lines.csv"
        }
        """

    static let budgetLines = """
        partner,category,period,source,amount
        LP,staff,1,ERDF,850.00
        LP,staff,1,LV,150.00
        PP2,travel,2,ERDF,85.00
        PP2,travel,2,LV,15.00

        """
}
