import GrantCore

/// The report figures and the audit of a `RandomProject`, computed the plain, slow way from what
/// the generator meant, apart from the engine's code: its own rounding, splits, sums, forecasts
/// and rules, written from README's definitions. Only the rule pack's parameters (rates,
/// roundings, categories) are read from the engine's pack values, as input data.
enum Reference {
    // MARK: Arithmetic

    /// `numerator ÷ denominator` rounded as `rounding` names it (half-up: a tie away from zero).
    static func divide(_ numerator: Int128, _ denominator: Int128, rounding: RoundingMode) -> Int128 {
        precondition(denominator != 0)
        if denominator < 0 { return divide(-numerator, -denominator, rounding: rounding) }
        let negative = numerator < 0
        let magnitude = negative ? -numerator : numerator
        var quotient = magnitude / denominator
        let remainder = magnitude % denominator
        switch rounding {
        case .down: break
        case .halfUp: if remainder * 2 >= denominator && remainder > 0 { quotient += 1 }
        case .up: if remainder > 0 { quotient += 1 }
        case .halfEven: if remainder * 2 > denominator || (remainder * 2 == denominator && quotient % 2 == 1) { quotient += 1 }
        case .floor: if negative && remainder > 0 { quotient += 1 }
        case .ceiling: if !negative && remainder > 0 { quotient += 1 }
        }
        return negative ? -quotient : quotient
    }

    static func halfUp(_ numerator: Int128, _ denominator: Int128) -> Int64 { Int64(divide(numerator, denominator, rounding: .halfUp)) }

    /// Cents of a two-decimal currency in euro at `millionths` units per euro, rounded half-up.
    static func euros(_ cents: Int64, millionths: Int64) -> Int64 { halfUp(Int128(cents) * 1_000_000, Int128(millionths)) }

    /// Hundredths of a percent of `part` in `whole`, half-up; nil without a whole.
    static func percent(_ part: Int64, _ whole: Int64) -> Int64? {
        whole == 0 ? nil : halfUp(Int128(part) * 10_000, Int128(whole))
    }

    /// `amount` over `weights` by largest remainder (ties to the earlier part), as a magnitude.
    static func largestRemainder(_ amount: Int64, _ weights: [Int64]) -> [Int64] {
        let total = weights.reduce(Int128(0)) { $0 + Int128($1) }
        guard total > 0 else { return weights.map { _ in 0 } }
        let magnitude = Int128(amount.magnitude)
        var parts = weights.map { magnitude * Int128($0) / total }
        let remainders = weights.map { magnitude * Int128($0) % total }
        var left = magnitude - parts.reduce(0, +)
        let byRemainder = remainders.indices.sorted { remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1 }
        for index in byRemainder where left > 0 {
            parts[index] += 1
            left -= 1
        }
        return parts.map { Int64($0) * (amount < 0 ? -1 : 1) }
    }

    // MARK: Entries

    /// Each line with its entry number, as `load` and the imports would number them: 1 the
    /// project; each file's lines, then its batch entry, then one entry per rate its foreign
    /// lines use that no earlier batch recorded (by currency, then month).
    static func numbered(_ project: RandomProject) -> [(entry: Int, line: RandomProject.Line, file: Int)] {
        var result: [(Int, RandomProject.Line, Int)] = []
        var entry = 1
        var recorded: Set<String> = []
        for (index, file) in project.files.enumerated() {
            for line in file.lines {
                entry += 1
                result.append((entry, line, index))
            }
            entry += 1
            let keys = Set(file.lines.filter { $0.currency != "EUR" }.map { "\($0.currency) \(rateMonth(project, $0, file))" })
            entry += keys.filter { project.rates?[$0] != nil && !recorded.contains($0) }.count
            recorded.formUnion(keys.filter { project.rates?[$0] != nil })
        }
        return result
    }

    static func rateMonth(_ project: RandomProject, _ line: RandomProject.Line, _ file: RandomProject.File) -> Day {
        (project.pack.conversionMonth == .submission ? file.submitted : line.invoiceDate).firstOfMonth
    }

    static func certified(_ project: RandomProject) -> [Int: Int64] {
        var byEntry: [Int: Int64] = [:]
        for control in project.controls { byEntry[control.entry] = control.cents }
        return byEntry
    }

    // MARK: Reports, as rows of text

    static func amount(_ cents: Int64) -> String { RandomProject.amount(cents) }
    static func percentText(_ hundredths: Int64?) -> String {
        guard let hundredths else { return "null" }
        let cents = hundredths.magnitude % 100
        return (hundredths < 0 ? "-" : "") + "\(hundredths.magnitude / 100)." + (cents < 10 ? "0" : "") + "\(cents)"
    }

    static func partnerName(_ id: String) -> String { "\(id) Partneris \(id) ā" }

    static func budgetVsActual(_ project: RandomProject) -> [String] {
        let lines = numbered(project)
        let certified = certified(project)
        var rows: [String] = []
        var total = (0 as Int64, 0 as Int64, 0 as Int64)
        func row(_ kind: String, _ partner: String, _ category: String, _ period: String, _ figures: (Int64, Int64, Int64)) -> String {
            "\(kind)|\(partner)|\(category)|\(period)|\(amount(figures.0))|\(amount(figures.1))|\(amount(figures.2))|"
                + "\(amount(figures.0 - figures.1))|\(percentText(percent(figures.1, figures.0)))"
        }
        for partner in project.partners {
            var sub = (0 as Int64, 0 as Int64, 0 as Int64)
            for category in project.categories {
                for period in 1...project.periods.count {
                    let budget = project.budget.filter { $0.partner == partner.id && $0.category == category && $0.period == period }
                        .reduce(0) { $0 + $1.cents }
                    let cell = lines.filter { $0.line.partner == partner.id && $0.line.category == category && $0.line.period == period }
                    let declared = cell.reduce(0) { $0 + $1.line.declaredCents }
                    let certifiedSum = cell.reduce(0) { $0 + (certified[$1.entry] ?? 0) }
                    guard budget != 0 || declared != 0 || certifiedSum != 0 else { continue }
                    rows.append(row("line", partner.id, category, String(period), (budget, declared, certifiedSum)))
                    sub = (sub.0 + budget, sub.1 + declared, sub.2 + certifiedSum)
                }
            }
            rows.append(row("subtotal", partnerName(partner.id), "Subtotal", "", sub))
            total = (total.0 + sub.0, total.1 + sub.1, total.2 + sub.2)
        }
        rows.append(row("total", "Total", "", "", total))
        return rows
    }

    /// The partner's certified cents split: programme funds at the exact approved share rounded
    /// as the pack says, the rest over the contribution sources by largest remainder.
    static func split(_ project: RandomProject, _ partner: RandomProject.Partner, _ cents: Int64) -> (programme: Int64,
            byType: [String: Int64], total: Int64) {
        let programmeApproved = partner.approved[0].cents
        let programme = partner.total == 0 ? 0
            : Int64(divide(Int128(cents) * Int128(programmeApproved), Int128(partner.total), rounding: project.pack.fundRounding))
        let contributions = Array(partner.approved.dropFirst())
        let parts = largestRemainder(cents - programme, contributions.map { max(0, $0.cents) })
        var byType: [String: Int64] = ["PUB": 0, "AUTO": 0, "PRIV": 0]
        for (source, part) in zip(contributions.map(\.source), parts) { byType[source] = part }
        return (programme, byType, cents)
    }

    static func coFinancing(_ project: RandomProject) -> [String] {
        let certified = certified(project)
        let lines = numbered(project)
        let cap = project.pack.coFinancingCap.hundredMillionths / 10_000
        func row(_ kind: String, _ name: String, _ programme: Int64, _ byType: [String: Int64], _ total: Int64) -> String {
            "\(kind)|\(name)|\(amount(programme))|\(amount(byType["PUB"] ?? 0))|\(amount(byType["AUTO"] ?? 0))|"
                + "\(amount(byType["PRIV"] ?? 0))|\(amount(total))|\(percentText(percent(programme, total)))|\(percentText(cap))"
        }
        var rows: [String] = []
        for certifiedSection in [false, true] {
            var sum = (programme: 0 as Int64, byType: ["PUB": 0 as Int64, "AUTO": 0, "PRIV": 0], total: 0 as Int64)
            for partner in project.partners {
                let figures: (programme: Int64, byType: [String: Int64], total: Int64)
                if certifiedSection {
                    let cents = lines.filter { $0.line.partner == partner.id }.reduce(0) { $0 + (certified[$1.entry] ?? 0) }
                    figures = split(project, partner, cents)
                } else {
                    var byType: [String: Int64] = ["PUB": 0, "AUTO": 0, "PRIV": 0]
                    for source in partner.approved.dropFirst() { byType[source.source] = source.cents }
                    figures = (partner.approved[0].cents, byType, partner.total)
                }
                rows.append(row("line", partnerName(partner.id), figures.programme, figures.byType, figures.total))
                sum.programme += figures.programme
                sum.total += figures.total
                for (key, value) in figures.byType { sum.byType[key, default: 0] += value }
            }
            rows.append(row("total", "Total", sum.programme, sum.byType, sum.total))
        }
        return rows
    }

    static func paymentClaim(_ project: RandomProject) -> [String] {
        let certified = certified(project)
        let lines = numbered(project)
        var rows: [String] = []
        var sums = (0 as Int64, 0 as Int64, 0 as Int64, 0 as Int64)
        for partner in project.partners {
            let cents = lines.filter { $0.line.partner == partner.id }.reduce(0) { $0 + (certified[$1.entry] ?? 0) }
            let claimed = split(project, partner, cents).programme
            let received = project.payments.filter { $0.partner == partner.id }.reduce(0) { $0 + $1.cents }
            let rate = percentText(percent(partner.approved[0].cents, partner.total))
            rows.append("line|\(partnerName(partner.id))|\(amount(cents))|\(rate)|"
                        + "\(amount(claimed))|\(amount(received))|\(amount(claimed - received))")
            sums = (sums.0 + cents, sums.1 + claimed, sums.2 + received, sums.3 + claimed - received)
        }
        rows.append("total|Total|\(amount(sums.0))|null|\(amount(sums.1))|\(amount(sums.2))|\(amount(sums.3))")
        return rows
    }
}
