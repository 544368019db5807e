import Foundation

/// Expenditure lines as partners really write them, for LLI-59: 4 files, one per reporting
/// period, dates spread over the period (paid 3 days later, before the submission), 1% of
/// lines in PLN, GBP or USD at their own exchange rate, 30% of descriptions quoted with a comma
/// inside, 3,000 suppliers (a third with Latvian letters, a third with Lithuanian ones), net
/// amounts from 1.00 to 4,999.99 with 21% VAT. In Latvian form every file is written with
/// semicolons, a decimal comma, `DD.MM.YYYY` dates and Latvian column names. Seeded: the same
/// files every run. The figures are illustrative, not LLI-59's.
enum RealisticLines {
    /// The submission day of each period's file, as the LLI-59 fixture's `submissions.csv` has them.
    static let submissions = ["2017-11-15", "2018-05-15", "2018-11-15", "2019-05-15"]
    private static let periods = [("2017-05-01", 184), ("2017-11-01", 181), ("2018-05-01", 184), ("2018-11-01", 181)]

    /// A project folder in `folder`: LLI-59's definition, budget lines and rates, `submissions.csv`
    /// and `lines` expenditure lines in 4 files (`expenditure-p1.csv` …).
    static func writeFolder(_ folder: String, lines: Int, latvian: Bool, fixture: String) throws {
        let files = FileManager.default
        try files.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for name in ["project.json", "budget-lines.csv", "rates.csv"] {
            try? files.removeItem(atPath: "\(folder)/\(name)")
            try files.copyItem(atPath: "\(fixture)/\(name)", toPath: "\(folder)/\(name)")
        }
        let listed = (1...4).map { "expenditure-p\($0).csv,\(submissions[$0 - 1])\n" }.joined()
        try ("file,submitted\n" + listed).write(toFile: "\(folder)/submissions.csv", atomically: true, encoding: .utf8)
        var random = SplitMix(seed: 59)
        let suppliers = (0..<3_000).map { supplier($0, &random) }
        for period in 1...4 {
            let count = lines / 4 + (period <= lines % 4 ? 1 : 0)
            try writeFile("\(folder)/expenditure-p\(period).csv", period: period, lines: count, latvian: latvian,
                          suppliers: suppliers, random: &random)
        }
    }

    private static func supplier(_ index: Int, _ random: inout SplitMix) -> String {
        let latvian = ["Rīgas", "Latgales", "Daugavpils", "Rēzeknes", "Jēkabpils", "Ludzas"]
        let lithuanian = ["Vilniaus", "Kauno", "Šiaulių", "Panevėžio", "Utenos", "Zarasų"]
        let names = [latvian, lithuanian, ["Nordic", "Baltic", "Euro"]][index % 3]
        return "\(names[random.below(names.count)]) \(["SIA", "UAB", "AS"][index % 3]) \(index)"
    }

    private static func writeFile(_ path: String, period: Int, lines: Int, latvian: Bool, suppliers: [String],
                                  random: inout SplitMix) throws {
        let separator = latvian ? ";" : ","
        let header = latvian
            ? ["Partneris", "Izmaksu kategorija", "Periods", "Rēķina numurs", "Piegādātājs", "Rēķina datums", "Apmaksas datums",
               "Summa bez PVN", "PVN", "Summa ar PVN", "Valūta", "Valūtas kurss", "Summa EUR", "Apraksts", "Attaisnojuma dokuments"]
            : ["partner", "category", "period", "invoice_number", "supplier", "invoice_date", "payment_date", "net", "vat",
               "gross", "currency", "exchange_rate", "amount_eur", "description", "document"]
        guard FileManager.default.createFile(atPath: path, contents: nil), let output = FileHandle(forWritingAtPath: path) else {
            throw BenchmarkFailure(message: "cannot write \(path)")
        }
        defer { try? output.close() }
        var text = header.joined(separator: separator) + "\n"
        let (start, days) = periods[period - 1]
        let first = day(start)
        let foreign = [("PLN", "4.2244"), ("GBP", "0.8872"), ("USD", "1.1658")]
        for index in 0..<lines {
            let invoiced = first + random.below(days - 5)
            let net = 100 + random.below(499_900)
            let vat = (net * 21 + 50) / 100
            var (currency, rate) = ("EUR", "")
            if random.below(100) == 0 { (currency, rate) = foreign[random.below(3)] }
            let description = random.below(10) < 3 ? "\"Item \(index), lot \(random.below(99))\"" : "Item \(index)"
            let fields = [["LP", "PP2"][random.below(2)], ["staff", "travel", "external", "equipment"][random.below(4)], "\(period)",
                          "R\(period)-\(index)", suppliers[random.below(suppliers.count)], date(invoiced, latvian),
                          date(invoiced + 3, latvian), amount(net, latvian), amount(vat, latvian), amount(net + vat, latvian),
                          currency, latvian ? rate.replacingOccurrences(of: ".", with: ",") : rate, "", description,
                          "D\(period)/\(index)"]
            text += fields.joined(separator: separator) + "\n"
            if text.utf8.count > 1 << 20 {
                output.write(Data(text.utf8))
                text = ""
            }
        }
        output.write(Data(text.utf8))
    }

    private static func amount(_ cents: Int, _ latvian: Bool) -> String {
        let fraction = cents % 100
        return "\(cents / 100)\(latvian ? "," : ".")\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// Days since 0000-03-01 of an ISO date, and back (the civil-from-days algorithm).
    private static func day(_ iso: String) -> Int {
        let parts = iso.split(separator: "-").map { Int($0)! }
        let (year, month) = parts[1] <= 2 ? (parts[0] - 1, parts[1] + 9) : (parts[0], parts[1] - 3)
        return 365 * year + year / 4 - year / 100 + year / 400 + (153 * month + 2) / 5 + parts[2] - 1
    }

    private static func date(_ days: Int, _ latvian: Bool) -> String {
        let era = days / 146_097, dayOfEra = days % 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shifted = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shifted + 2) / 5 + 1
        let month = shifted < 10 ? shifted + 3 : shifted - 9
        let year = era * 400 + yearOfEra + (month <= 2 ? 1 : 0)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return latvian ? "\(two(day)).\(two(month)).\(year)" : "\(year)-\(two(month))-\(two(day))"
    }
}

/// A small seeded generator (SplitMix64), so the files are the same on every machine.
struct SplitMix {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }

    /// A number from 0 to `bound` − 1.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
