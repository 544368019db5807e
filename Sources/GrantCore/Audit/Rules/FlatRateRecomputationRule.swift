/// `flat-rate.not-recomputed`: a flat-rate line certified at another amount than the flat rate
/// on its certified base (the same partner and period, every base entry controlled): typically
/// certified before a deduction in its base and not recomputed since.
package enum FlatRateRecomputationRule: AggregateRule {
    package static let definitions = [AuditRuleDefinition(
        id: .flatRateNotRecomputed, kind: .cell, citation: { $0.flatRates.map(\.citation).joined(separator: "; ") },
        statement: "A flat rate is certified at its rate of its certified base, and recomputed when the base changes.")]

    package static func findings(_ totals: AuditTotals, earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding] {
        let pack = totals.pack
        let flatCategories = Set(pack.flatRates.map(\.category))
        var found: [AuditFinding] = []
        for line in totals.flatRateLines {
            let (rate, partner, period) = (line.rate, line.place.partnerID, line.place.periodNumber)
            var baseTotal = Money.zero(.euro)
            var controlled = true
            for category in totals.context.categoryIDs where rate.base.includes(category, flatRateCategories: flatCategories) {
                let key = SpendIndex.Key(partnerID: partner ?? "", categoryID: category, periodNumber: period ?? 0)
                guard let counts = totals.controlled[key] else { continue }
                controlled = controlled && counts.certifiedEntries == counts.entries
                baseTotal = try baseTotal.adding(counts.certified)
            }
            guard controlled else { continue }  // The base is not fully controlled yet.
            let expected = try baseTotal.applying(rate.rate, rounding: rate.rounding)
            guard line.certified != expected else { continue }
            let amounts = try AuditAmounts(expected: expected, found: line.certified)
            // Certified above the flat rate on its base: the excess comes off; below it, nothing is over-claimed.
            found.append(AuditFinding(rule: .flatRateNotRecomputed, severity: .error, place: line.place, amounts: amounts,
                                      detail: .flatRate(id: rate.id, base: baseTotal, rate: rate.rate), citation: rate.citation,
                                      correction: max(amounts.difference, .zero(.euro))))
        }
        return found
    }
}
