/// `budget.sources-sum`, `cofinancing.cap`, `budget.lines-sum`: the approved budget itself under
/// the pack: source amounts against partner totals, programme funds against the co-financing
/// cap, budget lines against approved amounts (`Grant.budgetBreaks`).
package enum ApprovedBudgetRule: AggregateRule {
    package static let definitions = [
        AuditRuleDefinition(id: .approvedSourcesVersusTotal, kind: .project, citation: { _ in "subsidy contract" },
                            statement: "A partner's approved amounts per funding source add up to its approved total."),
        AuditRuleDefinition(id: .approvedAboveCap, kind: .project, citation: { $0.coFinancingCapCitation },
                            statement: "Programme funds are at most the co-financing cap of the eligible cost."),
        AuditRuleDefinition(id: .budgetLinesVersusApproved, kind: .project, citation: { _ in "subsidy contract" },
                            statement: "A partner's budget lines from a source add up to the amount approved from it."),
    ]

    package static func findings(_ totals: AuditTotals, earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding] {
        let pack = totals.pack
        return try totals.grant.under(pack).budgetBreaks().map { (fault) throws(MoneyError) in
            let rule = fault.kind.rule
            let (partner, source): (String?, String?) = switch fault.kind {
            case .sourcesVersusTotal(let partner): (partner, nil)
            case .capExceeded(let partner): (partner, nil)
            case .linesVersusApproved(let partner, let source): (partner, source)
            }
            return AuditFinding(rule: rule, severity: .error, place: AuditPlace(partnerID: partner),
                                amounts: try AuditAmounts(expected: fault.expected, found: fault.found),
                                detail: .approvedBudget(sourceID: source), citation: rule.definition.citation(pack))
        }
    }
}
