import GrantCore

extension Reference {
    /// One finding as a row: `severity rule place: expected found difference correction`.
    static func findingRow(_ severity: String, _ rule: String, _ place: String, _ expected: Int64, _ found: Int64,
                           correction: Int64) -> String {
        "\(severity) \(rule) \(place): \(amount(expected)) \(amount(found)) \(amount(found - expected)) \(amount(correction))"
    }

    /// Every finding of the audit, written from README's rules and precedence; and the number of
    /// foreign lines whose rate cannot be checked.
    static func audit(_ project: RandomProject) -> (rows: [String], corrections: [String: Int64], unchecked: Int) {
        let pack = project.pack
        let lines = numbered(project)
        let flatCategories = Set(pack.flatRates.map(\.category))
        var rows: [String] = []
        var corrections: [String: Int64] = [:]
        var lineCorrections: [(partner: String, category: String, cents: Int64)] = []
        var unchecked = 0
        // Repeats, line by line in ledger order, by the invoice each line is known to declare.
        var invoices: [Int: (gross: Int64, declared: Int64, excess: Int64, earlier: [(entry: Int, partner: String, file: Int)])] = [:]
        var repeats: [Int: (rule: String, excess: Int64)] = [:]
        for (entry, line, file) in lines where !flatCategories.contains(line.category) && line.declaredCents > 0 {
            var invoice = invoices[line.invoice] ?? (0, 0, 0, [])
            let grossEuros = line.usedRate.map { euros(line.grossCents, millionths: $0) } ?? line.grossCents
            invoice.gross = max(invoice.gross, grossEuros)
            invoice.declared += line.declaredCents
            let excess = min(line.declaredCents, max(0, invoice.declared - invoice.gross - invoice.excess))
            if !invoice.earlier.isEmpty && excess > 0 {
                let mine = invoice.earlier.filter { $0.partner == line.partner }
                let rule = mine.isEmpty ? "duplicate.across-partners"
                    : mine.contains { $0.file == file } ? "duplicate.same-report" : "duplicate.across-reports"
                repeats[entry] = (rule, excess)
                invoice.excess += excess
            }
            invoice.earlier.append((entry, line.partner, file))
            invoices[line.invoice] = invoice
        }
        for (entry, line, fileIndex) in lines {
            let file = project.files[fileIndex]
            let place = "entry \(entry)"
            var remaining = line.declaredCents
            func take(_ rule: String, _ ineligible: Int64) {
                let correction = max(0, ineligible)
                rows.append(findingRow("error", rule, place, remaining - ineligible, remaining, correction: correction))
                corrections[line.partner, default: 0] += correction
                lineCorrections.append((line.partner, line.category, correction))
                remaining -= correction
            }
            if pack.eligibility.withinProjectPeriod, line.invoiceDate < project.start || line.invoiceDate > project.end
                || line.paymentDate.map({ $0 < project.start || $0 > project.end }) == true {
                take("eligibility.project-period", remaining)
            }
            if pack.eligibility.paidBeforeClaim {
                if let paid = line.paymentDate {
                    if paid > file.submitted { take("eligibility.paid-after-claim", remaining) }
                } else {
                    take("eligibility.unpaid", remaining)
                }
            }
            var rightRate = line.usedRate
            if line.currency != "EUR", let used = line.usedRate {
                if let table = project.rates?["\(line.currency) \(rateMonth(project, line, file))"] {
                    rightRate = table
                    if table != used {
                        let right = euros(line.grossCents, millionths: table)
                        let applied = euros(line.grossCents, millionths: used)
                        take("conversion.rate-month",
                             applied == 0 ? 0 : remaining - halfUp(Int128(remaining) * Int128(right), Int128(applied)))
                    }
                } else {
                    unchecked += 1
                }
            }
            if pack.eligibility.recoverableVATIneligible, line.vatCents != 0,
               project.partners.first(where: { $0.id == line.partner })!.vatRecoverable {
                let net = rightRate.map { euros(line.netCents, millionths: $0) } ?? line.netCents
                if line.declaredCents > net { take("eligibility.recoverable-vat", max(0, remaining - net)) }
            }
            if let repeated = repeats[entry] { take(repeated.rule, max(0, min(remaining, repeated.excess))) }
        }
        // Flat rates, per partner and period, on the spend of the same period.
        for rate in pack.flatRates {
            for partner in project.partners {
                for period in 1...project.periods.count {
                    let mine = lines.filter { $0.line.partner == partner.id && $0.line.period == period }
                    let declared = mine.filter { $0.line.category == rate.category }.reduce(0) { $0 + $1.line.declaredCents }
                    guard declared != 0 else { continue }
                    let base = mine.filter { isBase($0.line.category, of: rate,
                                                    flatCategories: flatCategories) }.reduce(0) { $0 + $1.line.declaredCents }
                    let expected = Int64(divide(Int128(base) * Int128(rate.rate.hundredMillionths), 100_000_000, rounding: rate.rounding))
                    guard declared != expected else { continue }
                    let correction = max(0, declared - expected)
                    rows.append(findingRow(declared > expected ? "error" : "note", "flat-rate.amount", "\(partner.id) "
                        + "\(rate.category) \(period)",
                                           expected, declared, correction: correction))
                    corrections[partner.id, default: 0] += correction
                    lineCorrections.append((partner.id, rate.category, correction))
                }
            }
        }
        // Flexibility per category, less what the findings above took in the category.
        let limit = pack.flexibility.limit.hundredMillionths
        for category in project.categories {
            let budget = project.budget.filter { $0.category == category }.reduce(0) { $0 + $1.cents }
            let spend = lines.filter { $0.line.category == category }.reduce(0) { $0 + $1.line.declaredCents }
            let allowed = budget + Int64(divide(Int128(budget) * Int128(limit), 100_000_000, rounding: .down))
            guard spend > allowed else { continue }
            let taken = lineCorrections.filter { $0.category == category }.reduce(0) { $0 + $1.cents }
            let correction = max(0, spend - allowed - taken)
            rows.append(findingRow("error", "budget.flexibility", category, allowed, spend, correction: correction))
            corrections["", default: 0] += correction
        }
        // Programme funds the declared spend would draw, per partner and for the project.
        var approvedSum: Int64 = 0
        var drawnSum: Int64 = 0
        for partner in project.partners where partner.total != 0 {
            let spend = lines.filter { $0.line.partner == partner.id }.reduce(0) { $0 + $1.line.declaredCents }
            let drawn = split(project, partner, spend).programme
            approvedSum += partner.approved[0].cents
            drawnSum += drawn
            if drawn > partner.approved[0].cents {
                rows.append(findingRow("error", "cofinancing.above-approved", partner.id, partner.approved[0].cents, drawn, correction: 0))
            }
        }
        if drawnSum > approvedSum { rows.append(findingRow("error", "cofinancing.above-approved", "", approvedSum,
                                                           drawnSum, correction: 0)) }
        return (rows, corrections, unchecked)
    }

    /// Whether `category` is in the flat rate's base: the listed categories, or every category
    /// but the excluded ones and the flat-rate categories.
    static func isBase(_ category: String, of rate: FlatRate, flatCategories: Set<String>) -> Bool {
        switch rate.base {
        case .categories(let listed): listed.contains(category)
        case .directCostsExcept(let excluded): !excluded.contains(category) && !flatCategories.contains(category)
        }
    }
}
