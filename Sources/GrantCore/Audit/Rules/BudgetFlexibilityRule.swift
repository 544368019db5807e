/// `budget.flexibility`: cumulative net spend over the budget by more than the pack's
/// flexibility limit, per category, partner, or partner and category as the pack says. The
/// excess is corrected less what earlier findings in the same group (line and flat-rate
/// findings) have taken already.
package enum BudgetFlexibilityRule: AggregateRule {
    package static let definitions = [AuditRuleDefinition(
        id: .overFlexibility, kind: .cell, citation: { $0.flexibility.citation },
        statement: "Spend may exceed a budget only by the flexibility the programme allows; beyond it needs a budget change.")]

    package static func findings(_ totals: AuditTotals, earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding] {
        let (grant, spendIndex) = (totals.grant, totals.spend)
        let rule = totals.pack.flexibility
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
}
