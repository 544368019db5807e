extension Audit {
    /// For each flat rate, partner and period: the amount declared in the flat-rate category
    /// against the rate times the base declared in the same report, net of reversals. A higher
    /// amount means real costs in a category the flat rate already pays for, or a wrong base:
    /// an error, the excess the correction. A lower amount is allowed (a flat rate is a
    /// maximum): a note, correcting nothing.
    func flatRateFindings(_ spend: SpendIndex) throws(MoneyError) -> [AuditFinding] {
        var found: [AuditFinding] = []
        let flatCategories = Set(pack.flatRates.map(\.category))
        for rate in pack.flatRates {
            for partner in grant.partners {
                for period in grant.reportingPeriods {
                    let declared = spend.cell(.init(partnerID: partner.id, categoryID: rate.category, periodNumber: period.number)).declared
                    guard !declared.isZero else { continue }
                    var base = Money.zero(.euro)
                    for category in grant.costCategories where rate.base.includes(category.id, flatRateCategories: flatCategories) {
                        base = try base.adding(spend.cell(.init(partnerID: partner.id, categoryID: category.id, periodNumber: period.number)).declared)
                    }
                    let expected = try base.applying(rate.rate, rounding: rate.rounding)
                    guard declared != expected else { continue }
                    let amounts = try AuditAmounts(expected: expected, found: declared)
                    let over = declared > expected
                    found.append(AuditFinding(rule: .flatRateAmount, severity: over ? .error : .note,
                                              place: AuditPlace(partnerID: partner.id, categoryID: rate.category, periodNumber: period.number),
                                              amounts: amounts, detail: .flatRate(id: rate.id, base: base, rate: rate.rate),
                                              citation: rate.citation, correction: over ? amounts.difference : .zero(.euro)))
                }
            }
        }
        return found + (try recomputationFindings())
    }

    /// A flat-rate line certified at another amount than the flat rate on its certified base:
    /// typically certified before a deduction in its base and not recomputed since.
    func recomputationFindings() throws(MoneyError) -> [AuditFinding] {
        var found: [AuditFinding] = []
        let flatCategories = Set(pack.flatRates.map(\.category))
        for line in liveExpenditure {
            guard let rate = pack.flatRate(covering: line.line.categoryID), let certified = line.certifiedEuros else { continue }
            let base = lines.filter { $0.line.partnerID == line.line.partnerID && $0.periodNumber == line.periodNumber
                && rate.base.includes($0.line.categoryID, flatRateCategories: flatCategories) }
            let certifiedBase = base.compactMap(\.certifiedEuros)
            guard certifiedBase.count == base.count else { continue }  // The base is not fully controlled yet.
            let baseTotal = try Money.sum(certifiedBase, currency: .euro)
            let expected = try baseTotal.applying(rate.rate, rounding: rate.rounding)
            guard certified != expected else { continue }
            let amounts = try AuditAmounts(expected: expected, found: certified)
            // Certified above the flat rate on its base: the excess comes off; below it, nothing is over-claimed.
            found.append(AuditFinding(rule: .flatRateNotRecomputed, severity: .error, place: place(line), amounts: amounts,
                                      detail: .flatRate(id: rate.id, base: baseTotal, rate: rate.rate), citation: rate.citation,
                                      correction: max(amounts.difference, .zero(.euro))))
        }
        return found
    }
}
