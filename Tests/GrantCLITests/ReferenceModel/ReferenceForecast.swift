import GrantCore

extension Reference {
    /// The forecast's projection rows for `method` (`plan`, `run-rate`, `trend`, `execution`)
    /// from the end of period `asOf`: each partner × category with a budget or spend to date,
    /// then the project total; every projection one exact fraction rounded half-up.
    static func forecast(_ project: RandomProject, method: String, asOf: Int) -> [String] {
        let lines = numbered(project)
        let count = project.periods.count
        var rows: [String] = []
        var total = (budget: 0 as Int64, spent: 0 as Int64, projected: 0 as Int64)
        for partner in project.partners {
            let partnerSpent = lines.filter { $0.line.partner == partner.id && $0.line.period <= asOf }
                .reduce(0) { $0 + $1.line.declaredCents }
            let partnerBudgeted = project.budget.filter { $0.partner == partner.id && $0.period <= asOf }.reduce(0) { $0 + $1.cents }
            for category in project.categories {
                let budget = (1...count).map { period in
                    project.budget.filter { $0.partner == partner.id && $0.category == category && $0.period == period }
                        .reduce(0) { $0 + $1.cents }
                }
                let actual = (1...count).map { period in
                    lines.filter { $0.line.partner == partner.id && $0.line.category == category && $0.line.period == period }
                        .reduce(0) { $0 + $1.line.declaredCents }
                }
                let spent = actual.prefix(asOf).reduce(0, +)
                let whole = budget.reduce(0, +)
                guard whole != 0 || spent != 0 else { continue }
                let rest = budget.dropFirst(asOf).reduce(0, +)
                let left = Int64(count - asOf)
                let projected: Int64
                switch method {
                case "plan":
                    projected = spent + rest
                case "run-rate":
                    let window = Int64(min(2, asOf))
                    let recent = actual.prefix(asOf).suffix(Int(window)).reduce(0, +)
                    projected = halfUp(Int128(spent) * Int128(window) + Int128(recent) * Int128(left), Int128(window))
                case "trend":
                    projected = trend(actual, asOf: asOf, at: count)
                default:
                    projected = partnerBudgeted == 0 ? spent + rest
                        : halfUp(Int128(spent) * Int128(partnerBudgeted) + Int128(rest) * Int128(partnerSpent), Int128(partnerBudgeted))
                }
                rows.append("line|\(partner.id)|\(category)|\(amount(whole))|\(amount(spent))|\(percentText(percent(spent, whole)))|"
                            + "\(amount(projected))|\(amount(projected - whole))")
                total = (total.budget + whole, total.spent + spent, total.projected + projected)
            }
        }
        rows.append("total|Total||\(amount(total.budget))|\(amount(total.spent))|\(percentText(percent(total.spent, total.budget)))|"
                    + "\(amount(total.projected))|\(amount(total.projected - total.budget))")
        return rows
    }

    /// The least-squares line through (0, 0) and (t, cumulative spend to t) for t = 1…asOf, read
    /// at t = `end`: intercept + slope × end as one fraction, rounded half-up.
    static func trend(_ actual: [Int64], asOf: Int, at end: Int) -> Int64 {
        var points: [(t: Int128, c: Int128)] = [(0, 0)]
        var cumulative: Int128 = 0
        for t in 1...asOf {
            cumulative += Int128(actual[t - 1])
            points.append((Int128(t), cumulative))
        }
        let n = Int128(points.count)
        let sumT = points.reduce(0) { $0 + $1.t }
        let sumC = points.reduce(0) { $0 + $1.c }
        let sumTT = points.reduce(0) { $0 + $1.t * $1.t }
        let sumTC = points.reduce(0) { $0 + $1.t * $1.c }
        // slope = S / D; intercept = (ΣC − slope·Σt) / n; value = intercept + slope·end.
        let slopeNumerator = n * sumTC - sumT * sumC
        let slopeDenominator = n * sumTT - sumT * sumT
        let numerator = sumC * slopeDenominator - slopeNumerator * sumT + slopeNumerator * Int128(end) * n
        return halfUp(numerator, n * slopeDenominator)
    }
}
