/// `cofinancing.above-approved`: programme funds the declared spend would draw (each fund at its
/// exact approved share, rounded as the pack rounds fund amounts: `Grant.fundingSplit`) above
/// the approved programme funds, per partner and for the project.
package enum ProgrammeFundsRule: AggregateRule {
    package static let definitions = [AuditRuleDefinition(
        id: .programmeFundsAboveApproved, kind: .project, citation: { $0.coFinancingCapCitation },
        statement: "The programme pays at most the programme funds approved, per partner and for the project.")]

    package static func findings(_ totals: AuditTotals, earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding] {
        let (grant, pack) = (totals.grant, totals.pack)
        var found: [AuditFinding] = []
        var projectApproved = Money.zero(.euro)
        var projectDrawn = Money.zero(.euro)
        for approval in grant.approvals where !approval.total.isZero {
            let approved = try grant.programmeFunds(of: approval)
            let spend = try totals.spend.sums(partnerID: approval.partnerID).declared
            let drawn = try grant.fundingSplit(of: spend, for: approval, fundRounding: pack.fundRounding).programmeFunds
            projectApproved = try projectApproved.adding(approved)
            projectDrawn = try projectDrawn.adding(drawn)
            guard drawn > approved else { continue }
            found.append(AuditFinding(rule: .programmeFundsAboveApproved, severity: .error,
                                      place: AuditPlace(partnerID: approval.partnerID),
                                      amounts: try AuditAmounts(expected: approved, found: drawn),
                                      detail: .programmeFunds(rate: try grant.programmeRate(of: approval)),
                                      citation: pack.coFinancingCapCitation))
        }
        if projectDrawn > projectApproved {
            found.append(AuditFinding(rule: .programmeFundsAboveApproved, severity: .error, place: AuditPlace(),
                                      amounts: try AuditAmounts(expected: projectApproved, found: projectDrawn),
                                      detail: .programmeFunds(rate: nil), citation: pack.coFinancingCapCitation))
        }
        return found
    }
}
