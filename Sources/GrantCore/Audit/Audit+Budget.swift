extension Audit {
    /// Cumulative net spend over the budget by more than the pack's flexibility limit, per
    /// category, partner, or partner and category as the pack says. The excess is corrected
    /// less what earlier findings in the same group (line and flat-rate findings) have taken already.
    func flexibilityFindings(_ spendIndex: SpendIndex, lineCorrections earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding] {
        let rule = pack.flexibility
        var groups: [(place: AuditPlace, budget: [BudgetLine], spend: Money)] = []
        switch rule.scope {
        case .category:
            for category in grant.costCategories {
                groups.append((AuditPlace(categoryID: category.id), grant.budgetLines.filter { $0.categoryID == category.id },
                               try spendIndex.sums(categoryID: category.id).declared))
            }
        case .partner:
            for partner in grant.partners {
                groups.append((AuditPlace(partnerID: partner.id), grant.budgetLines.filter { $0.partnerID == partner.id },
                               try spendIndex.sums(partnerID: partner.id).declared))
            }
        case .partnerCategory:
            for partner in grant.partners {
                for category in grant.costCategories {
                    groups.append((AuditPlace(partnerID: partner.id, categoryID: category.id),
                                   grant.budgetLines.filter { $0.partnerID == partner.id && $0.categoryID == category.id },
                                   try spendIndex.sums(partnerID: partner.id, categoryID: category.id).declared))
                }
            }
        }
        var found: [AuditFinding] = []
        for group in groups {
            let budget = try Money.sum(group.budget.map(\.amount), currency: .euro)
            let spend = group.spend
            // The most that may be spent: the budget plus the limit's share of it, rounded down.
            let allowed = try budget.adding(try budget.applying(rule.limit, rounding: .down))
            guard spend > allowed else { continue }
            let amounts = try AuditAmounts(expected: allowed, found: spend)
            let inGroup = earlier.filter { finding in
                (group.place.partnerID == nil || finding.place.partnerID == group.place.partnerID)
                    && (group.place.categoryID == nil || finding.place.categoryID == group.place.categoryID)
            }
            let deducted = try Money.sum(inGroup.map(\.correction), currency: .euro)
            found.append(AuditFinding(rule: .overFlexibility, severity: .error, place: group.place, amounts: amounts,
                                      detail: .flexibility(budget: budget, limit: rule.limit, deductedByLines: deducted),
                                      citation: rule.citation, correction: max(.zero(.euro), try amounts.difference.subtracting(deducted))))
        }
        return found
    }

    /// Programme funds the declared spend would draw (each fund at its exact approved share,
    /// rounded as the pack rounds fund amounts: `Grant.fundingSplit`) above the approved
    /// programme funds, per partner and for the project.
    func programmeFundsFindings(_ spendIndex: SpendIndex) throws(MoneyError) -> [AuditFinding] {
        var found: [AuditFinding] = []
        var projectApproved = Money.zero(.euro)
        var projectDrawn = Money.zero(.euro)
        for approval in grant.approvals where !approval.total.isZero {
            let approved = try grant.programmeFunds(of: approval)
            let spend = try spendIndex.sums(partnerID: approval.partnerID).declared
            let drawn = try grant.fundingSplit(of: spend, for: approval, fundRounding: pack.fundRounding).programmeFunds
            projectApproved = try projectApproved.adding(approved)
            projectDrawn = try projectDrawn.adding(drawn)
            guard drawn > approved else { continue }
            found.append(AuditFinding(rule: .programmeFundsAboveApproved, severity: .error, place: AuditPlace(partnerID: approval.partnerID),
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

extension Audit {
    /// The approved budget itself under the pack: source amounts against partner totals,
    /// programme funds against the co-financing cap, budget lines against approved amounts.
    func approvedBudgetFindings() throws(MoneyError) -> [AuditFinding] {
        return try grant.under(pack).budgetBreaks().map { (fault) throws(MoneyError) in
            let (rule, partner, source, citation): (AuditRule, String?, String?, String) = switch fault.kind {
            case .sourcesVersusTotal(let partner): (.approvedSourcesVersusTotal, partner, nil, "subsidy contract")
            case .capExceeded(let partner): (.approvedAboveCap, partner, nil, pack.coFinancingCapCitation)
            case .linesVersusApproved(let partner, let source): (.budgetLinesVersusApproved, partner, source, "subsidy contract")
            }
            return AuditFinding(rule: rule, severity: .error, place: AuditPlace(partnerID: partner),
                                amounts: try AuditAmounts(expected: fault.expected, found: fault.found),
                                detail: .approvedBudget(sourceID: source), citation: citation)
        }
    }
}
