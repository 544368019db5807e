import Foundation
import GrantCore
import TestSupport

/// A seeded random project as a partner and its controller would hand it in: project.json,
/// budget lines, one to three expenditure files (some in Latvian form), a rate table, controls
/// and payments, with planted breaks of every rule and disguised repeats. The generator keeps
/// every figure it wrote as plain integers, so the reference model (`ReferenceFigures`) computes
/// from what was meant, never from what the engine read.
struct RandomProject {
    struct Partner {
        let id: String
        let vatRecoverable: Bool
        /// Source id and approved cents, programme funds (`ERDF`) first.
        let approved: [(source: String, cents: Int64)]
        var total: Int64 { approved.reduce(0) { $0 + $1.cents } }
    }

    struct Line {
        let partner: String
        let category: String
        let period: Int
        /// The invoice as the reference knows it, whatever spelling the file uses.
        let invoice: Int
        let supplierWritten: String
        let numberWritten: String
        let invoiceDate: Day
        let paymentDate: Day?
        let currency: String
        let netCents: Int64
        let vatCents: Int64
        var grossCents: Int64 { netCents + vatCents }
        /// Units per euro in millionths: the line's own, or nil for the table's.
        let ownRate: Int64?
        /// The amount_eur cell, or nil for the whole converted gross.
        let declaredCell: Int64?
        /// What the engine must read as declared: the cell, or the gross converted.
        let declaredCents: Int64
        /// The rate the line is converted at (own or the table's), in millionths; nil for euro.
        let usedRate: Int64?
    }

    struct File {
        let name: String
        let submitted: Day
        let latvian: Bool
        var lines: [Line]
    }

    let seed: UInt64
    let pack: RulePack
    let partners: [Partner]
    let categories: [String]
    let periods: [(start: Day, end: Day)]
    let start = Day(2025, 1, 1)
    let end = Day(2026, 12, 31)
    /// (partner, category, period, source, cents), every one above zero.
    let budget: [(partner: String, category: String, period: Int, source: String, cents: Int64)]
    var files: [File] = []
    /// Currency and month (first day) → millionths; nil when the folder has no rates.csv.
    var rates: [String: Int64]?
    /// (entry, certified cents) in the order of controls.csv.
    var controls: [(entry: Int, cents: Int64)] = []
    var payments: [(partner: String, date: Day, cents: Int64)] = []

    static let sourceKinds: [(id: String, json: String)] = [
        ("PUB", "\"kind\": \"partner-contribution\", \"contributionType\": \"public\""),
        ("AUTO", "\"kind\": \"partner-contribution\", \"contributionType\": \"automatic-public\""),
        ("PRIV", "\"kind\": \"partner-contribution\", \"contributionType\": \"private\""),
    ]
    static let suppliers = ["SIA \"Datortehnika\"", "Latgales plānošanas reģions", "UAB Ežerų kraštas", "SIA Print",
                            "Lean Enterprise Institute "
                                + "Polska Sp. z o.o.", "AS \"Rīgas Satiksme\"", "Viesnīca Jelgava", "Rēzeknes tipogrāfija"]
    static let currencies = ["PLN", "GBP", "USD"]

    init(seed: UInt64) {
        self.seed = seed
        var random = SeededGenerator(seed: seed)
        pack = RulePack.builtIn[Int(random.next() % UInt64(RulePack.builtIn.count))]
        let categoryIDs = pack.costCategories.map(\.id)
        categories = categoryIDs
        var periods: [(Day, Day)] = []
        var month = 0
        while month < 24 {
            let first = Day(2025 + month / 12, month % 12 + 1, 1)
            month += pack.reportingPeriodMonths
            let next = Day(2025 + month / 12, month % 12 + 1, 1)
            periods.append((first, month >= 24 ? Day(2026, 12, 31) : next.previous))
        }
        self.periods = periods
        let capPercent = pack.coFinancingCap.hundredMillionths / 1_000_000
        var partners: [Partner] = []
        for index in 0..<Int(1 + random.next() % 3) {
            let total = Int64(100_000 + random.next() % 20_000_000)
            let percent = Int64(random.next() % UInt64(capPercent - 39)) + 40
            let programme = max(0, total * percent / 100 - Int64(random.next() % 50))
            var rest = total - programme
            var approved = [("ERDF", programme)]
            let kinds = Self.sourceKinds.filter { _ in random.next() % 2 == 0 }
            for (number, kind) in (kinds.isEmpty ? [Self.sourceKinds[0]] : kinds).enumerated() {
                let last = number == (kinds.isEmpty ? 0 : kinds.count - 1)
                let part = last ? rest : rest * Int64(random.next() % 100) / 100
                approved.append((kind.id, part))
                rest -= part
            }
            partners.append(Partner(id: index == 0 ? "LP" : "P\(index + 1)", vatRecoverable: random.next() % 3 == 0, approved: approved))
        }
        self.partners = partners
        var budget: [(String, String, Int, String, Int64)] = []
        for partner in partners {
            for (source, cents) in partner.approved where cents > 0 {
                let cells = (0..<Int(1 + random.next() % 6)).map { _ in
                    (categoryIDs[Int(random.next() % UInt64(categoryIDs.count))], Int(1 + random.next() % UInt64(periods.count)))
                }
                let unique = Array(Set(cells.map { "\($0.0) \($0.1)" })).sorted()
                var left = cents
                for (number, key) in unique.enumerated() {
                    let parts = key.split(separator: " ")
                    let share = number == unique.count - 1 ? left : min(left, max(1,
                                                                                  cents / Int64(unique.count) + Int64(random.next() % 997)))
                    guard share > 0 else { continue }
                    budget.append((partner.id, String(parts[0]), Int(parts[1])!, source, share))
                    left -= share
                }
            }
        }
        self.budget = budget
        generateExpenditure(&random)
    }

    /// The rate of a currency and month in millionths, as the generator first drew it.
    static func drawnRate(_ currency: String, _ month: Day, _ random: inout SeededGenerator) -> Int64 {
        let base: Int64 = currency == "PLN" ? 4_250_000 : currency == "GBP" ? 870_000 : 1_150_000
        return base + Int64(random.next() % 90_000) - 45_000
    }

    mutating func generateExpenditure(_ random: inout SeededGenerator) {
        let flatCategories = Set(pack.flatRates.map(\.category))
        let real = categories.filter { !flatCategories.contains($0) }
        var table: [String: Int64] = [:]
        var invoices: [(number: Int, supplier: Int, gross: Int64, currency: String, rate: Int64?, partner: String)] = []
        let fileCount = Int(1 + random.next() % 3)
        for fileIndex in 0..<fileCount {
            // Submitted within the project, after the periods it mostly declares.
            let submitted = Day(2025 + (fileIndex * 8 + 6) / 12, (fileIndex * 8 + 6) % 12 + 1, Int(1 + random.next() % 28))
            var lines: [Line] = []
            for _ in 0..<Int(3 + random.next() % 22) {
                let roll = random.next() % 100
                let partner = partners[Int(random.next() % UInt64(partners.count))].id
                let category = real[Int(random.next() % UInt64(real.count))]
                let period = Int(1 + random.next() % UInt64(periods.count))
                var invoiceDate = submitted.adding(days: -Int(10 + random.next() % 160))
                if roll < 4 { invoiceDate = Day(2024, 12, Int(1 + random.next() % 28)) }
                if roll >= 96 { invoiceDate = Day(2027, 1, Int(1 + random.next() % 28)) }
                var paid: Day? = invoiceDate.adding(days: Int(random.next() % 20))
                if random.next() % 20 == 0 { paid = nil }
                if random.next() % 20 == 0 { paid = submitted.adding(days: 3) }
                var currency = random.next() % 7 == 0 ? Self.currencies[Int(random.next() % 3)] : "EUR"
                var net = Int64(1 + random.next() % 500_000)
                var vat = random.next() % 3 == 0 ? net * 21 / 100 + Int64(random.next() % 3) : 0
                var number = invoices.count + 1
                var supplier = Int(random.next() % UInt64(Self.suppliers.count))
                var repeatOf: Int?
                if roll >= 20 && roll < 32, let earlier = invoices.randomElement(using: &random) {
                    // A repeat of an earlier invoice, whole or a part, perhaps by another partner.
                    repeatOf = earlier.number
                    number = earlier.number
                    supplier = earlier.supplier
                    currency = earlier.currency
                    net = earlier.gross
                    vat = 0
                }
                if roll >= 32 && roll < 35 { net = -net / 10 - 1; vat = 0 }  // A credit note.
                let gross = net + vat
                var ownRate: Int64?
                var usedRate: Int64?
                var converted = gross
                if currency != "EUR" {
                    let monthDay = pack.conversionMonth == .submission ? submitted : invoiceDate
                    let key = "\(currency) \(monthDay.firstOfMonth)"
                    if table[key] == nil { table[key] = Self.drawnRate(currency, monthDay.firstOfMonth, &random) }
                    if random.next() % 2 == 0 {
                        ownRate = random.next() % 3 == 0 ? table[key]! : Self.drawnRate(currency, monthDay, &random)
                    }
                    usedRate = ownRate ?? table[key]!
                    converted = Reference.euros(gross, millionths: usedRate!)
                }
                var declaredCell: Int64?
                if gross > 0, random.next() % 4 == 0 { declaredCell = 1 + Int64(random.next() % UInt64(max(1, converted))) }
                if let repeated = repeatOf, random.next() % 2 == 0, gross > 1 { declaredCell = max(1, converted / 2 - Int64(repeated % 7)) }
                let written = Self.spelling(supplier: Self.suppliers[supplier], number: "INV-\(number)",
                                            evasion: repeatOf == nil ? 0 : Int(random.next() % 8))
                lines.append(Line(partner: partner, category: category, period: period, invoice: number,
                                  supplierWritten: written.supplier, numberWritten: written.number, invoiceDate: invoiceDate,
                                  paymentDate: paid, currency: currency, netCents: net, vatCents: vat, ownRate: ownRate,
                                  declaredCell: declaredCell, declaredCents: declaredCell ?? converted, usedRate: usedRate))
                if repeatOf == nil { invoices.append((number, supplier, gross, currency, ownRate, partner)) }
            }
            files.append(File(name: "expenditure-\(fileIndex + 1).csv", submitted: submitted,
                              latvian: random.next() % 3 == 0, lines: lines))
        }
        addFlatRates(&random)
        // The rate table: every rate a line needs, a few others left out so some lines cannot be checked.
        if table.isEmpty || random.next() % 6 != 0 {
            let needed = Set(files.flatMap { file in
                file.lines.filter { $0.currency != "EUR" && $0.ownRate == nil }.map { line in
                    "\(line.currency) \((pack.conversionMonth == .submission ? file.submitted : line.invoiceDate).firstOfMonth)"
                }
            })
            rates = table.filter { needed.contains($0.key) || random.next() % 4 != 0 }
        } else {
            // No rates.csv: only lines with their own rate may be foreign.
            files = files.map { file in
                var file = file
                file.lines = file.lines.filter { $0.currency == "EUR" || $0.ownRate != nil }
                return file
            }
        }
        files = files.filter { !$0.lines.isEmpty }
        addControlsAndPayments(&random)
    }

    /// Flat-rate lines in the last file: each flat rate of the pack, per partner and period with
    /// a base, declared at its exact amount, a cent off, or somewhat below.
    mutating func addFlatRates(_ random: inout SeededGenerator) {
        guard !files.isEmpty else { return }
        let flatCategories = Set(pack.flatRates.map(\.category))
        var number = 90_000
        for rate in pack.flatRates {
            for partner in partners {
                for period in 1...periods.count where random.next() % 2 == 0 {
                    let base = files.flatMap(\.lines).filter {
                        $0.partner == partner.id && $0.period == period && rate.base.includes($0.category,
                                flatRateCategories: flatCategories)
                    }.reduce(Int64(0)) { $0 + $1.declaredCents }
                    let exact = Reference.divide(Int128(base) * Int128(rate.rate.hundredMillionths), 100_000_000, rounding: rate.rounding)
                    let roll = random.next() % 4
                    let cents = Int64(exact) + (roll == 0 ? 1 : roll == 1 ? -Int64(random.next() % 5_000) : 0)
                    guard cents != 0 else { continue }
                    number += 1
                    let last = files.count - 1
                    files[last].lines.append(Line(
                        partner: partner.id, category: rate.category, period: period, invoice: number,
                        supplierWritten: "Flat rate \(rate.id)", numberWritten: "FR-\(number)", invoiceDate: periods[period - 1].end,
                        paymentDate: periods[period - 1].end, currency: "EUR", netCents: cents, vatCents: 0, ownRate: nil,
                        declaredCell: nil, declaredCents: cents, usedRate: nil))
                }
            }
        }
    }

    mutating func addControlsAndPayments(_ random: inout SeededGenerator) {
        let flatCategories = Set(pack.flatRates.map(\.category))
        for (entry, line, _) in Reference.numbered(self) where !flatCategories.contains(line.category) && line.declaredCents > 0 {
            guard random.next() % 3 == 0 else { continue }
            controls.append((entry, random.next() % 2 == 0 ? line.declaredCents : Int64(random.next() % UInt64(line.declaredCents + 1))))
        }
        for partner in partners where random.next() % 2 == 0 {
            payments.append((partner.id, Day(2026, Int(1 + random.next() % 12), 15), Int64(1 + random.next() % 1_000_000)))
        }
    }

    /// A digit as its full-width form (`１` for `1`).
    static func fullWidth(_ digit: Character) -> Character {
        Character(UnicodeScalar(digit.unicodeScalars.first!.value - 0x30 + 0xFF10)!)
    }

    /// The supplier and number as a file writes them: plainly, or hiding a repeat one way.
    static func spelling(supplier: String, number: String, evasion: Int) -> (supplier: String, number: String) {
        switch evasion {
        case 1: (supplier.uppercased(), number.lowercased())
        case 2: (supplier.replacingOccurrences(of: " ", with: "  "), " " + number + " ")
        case 3: (supplier, String(number.map { $0.isNumber ? Self.fullWidth($0) : $0 }))
        case 4: (supplier.replacingOccurrences(of: "a", with: "а"), number)  // Cyrillic а.
        case 5: (supplier, number.replacingOccurrences(of: "-", with: "\u{200B}-"))
        case 6: (supplier.replacingOccurrences(of: "\"", with: ""), number.replacingOccurrences(of: "-", with: "–"))
        case 7: (supplier.replacingOccurrences(of: " ", with: "\u{00A0}"), number)
        default: (supplier, number)
        }
    }
}

/// A calendar day, written `YYYY-MM-DD` or, in a Latvian file, `DD.MM.YYYY`.
struct Day: Comparable, Hashable, CustomStringConvertible {
    let year: Int, month: Int, day: Int

    init(_ year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        [31, year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    var previous: Day {
        if day > 1 { return Day(year, month, day - 1) }
        return month > 1 ? Day(year, month - 1, Self.daysIn(month - 1, year)) : Day(year - 1, 12, 31)
    }

    var next: Day {
        if day < Self.daysIn(month, year) { return Day(year, month, day + 1) }
        return month < 12 ? Day(year, month + 1, 1) : Day(year + 1, 1, 1)
    }

    var firstOfMonth: Day { Day(year, month, 1) }

    func adding(days: Int) -> Day {
        days >= 0 ? (0..<days).reduce(self) { day, _ in day.next } : (0..<(-days)).reduce(self) { day, _ in day.previous }
    }

    var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
    var latvian: String { String(format: "%02d.%02d.%04d", day, month, year) }

    static func < (lhs: Day, rhs: Day) -> Bool { (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day) }
}
