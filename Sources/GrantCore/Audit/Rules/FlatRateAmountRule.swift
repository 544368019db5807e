/// `flat-rate.amount`: for each flat rate, partner and period, the amount declared in the
/// flat-rate category against the rate times the base declared in the same report, net of
/// reversals. A higher amount means real costs in a category the flat rate already pays for, or
/// a wrong base: an error, the excess the correction. A lower amount is allowed (a flat rate is
/// a maximum): a note, correcting nothing.
package enum FlatRateAmountRule: AggregateRule {
    package static let definitions = [AuditRuleDefinition(
        id: .flatRateAmount, kind: .cell, citation: { $0.flatRates.map(\.citation).joined(separator: "; ") },
        statement: "A flat rate is at most its rate of its base, declared in the same report.")]

    package static func findings(_ totals: AuditTotals, earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding] {
        let (grant, pack, spend) = (totals.grant, totals.pack, totals.spend)
        var found: [AuditFinding] = []
        let flatCategories = Set(pack.flatRates.map(\.category))
        for rate in pack.flatRates {
            for partner in grant.partners {
                for period in grant.reportingPeriods {
                    let declared = spend.cell(.init(partnerID: partner.id, categoryID: rate.category, periodNumber: period.number)).declared
                    guard !declared.isZero else { continue }
                    var base = Money.zero(.euro)
                    for category in grant.costCategories where rate.base.includes(category.id, flatRateCategories: flatCategories) {
                        let cell = SpendIndex.Key(partnerID: partner.id, categoryID: category.id, periodNumber: period.number)
                        base = try base.adding(spend.cell(cell).declared)
                    }
                    let expected = try base.applying(rate.rate, rounding: rate.rounding)
                    guard declared != expected else { continue }
                    let amounts = try AuditAmounts(expected: expected, found: declared)
                    let over = declared > expected
                    let place = AuditPlace(partnerID: partner.id, categoryID: rate.category, periodNumber: period.number)
                    found.append(AuditFinding(rule: .flatRateAmount, severity: over ? .error : .note, place: place,
                                              amounts: amounts, detail: .flatRate(id: rate.id, base: base, rate: rate.rate),
                                              citation: rate.citation, correction: over ? amounts.difference : .zero(.euro)))
                }
            }
        }
        return found
    }
}
