/// `flat-rate.covered-cost`: real costs declared in a category that a flat rate covering all
/// other costs already pays for (the 40% of staff costs option, Reg. (EU) 2021/1060 Art. 56(1):
/// it pays for every cost but staff). Each partner, category and period with such spend is an
/// error; all of it is corrected, since the flat rate pays for it already.
package enum FlatRateCoveredCostRule: AggregateRule {
    package static let definitions = [AuditRuleDefinition(
        id: .flatRateCoveredCost, kind: .cell,
        citation: { pack in
            let covering = pack.flatRates.filter(\.coversAllOtherCosts).map(\.citation)
            return covering.isEmpty ? "Reg. (EU) 2021/1060 Art. 56(1)" : covering.joined(separator: "; ")
        },
        statement: "No real cost is declared that a flat rate covering all other costs pays for.")]

    package static func findings(_ totals: AuditTotals, earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding] {
        let (grant, pack, spend) = (totals.grant, totals.pack, totals.spend)
        let flatCategories = Set(pack.flatRates.map(\.category))
        var found: [AuditFinding] = []
        for rate in pack.flatRates where rate.coversAllOtherCosts {
            let covered = grant.costCategories.map(\.id).filter {
                $0 != rate.category && !rate.base.includes($0, flatRateCategories: flatCategories)
            }
            for partner in grant.partners {
                for period in grant.reportingPeriods {
                    for category in covered {
                        let declared = spend.cell(.init(partnerID: partner.id, categoryID: category, periodNumber: period.number)).declared
                        guard declared.minorUnits > 0 else { continue }
                        let place = AuditPlace(partnerID: partner.id, categoryID: category, periodNumber: period.number)
                        found.append(AuditFinding(rule: .flatRateCoveredCost, severity: .error, place: place,
                                                  amounts: try AuditAmounts(expected: .zero(.euro), found: declared),
                                                  detail: .coveredByFlatRate(id: rate.id, rate: rate.rate), citation: rate.citation,
                                                  correction: declared))
                    }
                }
            }
        }
        return found
    }
}
