extension Forecast {
    /// Risks a project manager must act on: projected underspend beyond `underspendThreshold`
    /// of the budget (money the programme may decommit), projected overspend beyond the pack's
    /// flexibility limit at the pack's scope, and periods in which a partner spent nothing
    /// although it had budget.
    public func risks(underspendThreshold: Rate) throws(MoneyError) -> [ForecastRisk] {
        let projections = try projections()
        var risks: [ForecastRisk] = []
        let projectBudget = try Money.sum(projections.map(\.budget), currency: .euro)
        let projectProjected = try Money.sum(projections.map(\.projected), currency: .euro)
        let floor = try projectBudget.subtracting(try projectBudget.applying(underspendThreshold, rounding: .down))
        if projectProjected < floor {
            risks.append(.underspend(partnerID: nil, budget: projectBudget, projected: projectProjected, threshold: underspendThreshold))
        }
        for partner in grant.partners {
            let mine = projections.filter { $0.partnerID == partner.id }
            let budget = try Money.sum(mine.map(\.budget), currency: .euro)
            let projected = try Money.sum(mine.map(\.projected), currency: .euro)
            let partnerFloor = try budget.subtracting(try budget.applying(underspendThreshold, rounding: .down))
            if projected < partnerFloor {
                risks.append(.underspend(partnerID: partner.id, budget: budget, projected: projected, threshold: underspendThreshold))
            }
        }
        for group in try flexibilityGroups(projections) {
            let allowed = try group.budget.adding(try group.budget.applying(pack.flexibility.limit, rounding: .down))
            if group.projected > allowed {
                risks.append(.overspend(partnerID: group.partnerID, categoryID: group.categoryID, budget: group.budget,
                                        projected: group.projected, allowed: allowed))
            }
        }
        for partner in grant.partners {
            for period in grant.reportingPeriods where period.number <= asOf {
                let budgeted = try Money.sum(grant.budgetLines.filter { $0.partnerID == partner.id && $0.periodNumber == period.number }.map(\.amount), currency: .euro)
                let spent = try spend.sums(partnerID: partner.id, periodNumber: period.number).entries > 0
                if !spent, !budgeted.isZero { risks.append(.noSpend(partnerID: partner.id, periodNumber: period.number, budget: budgeted)) }
            }
        }
        return risks
    }

    /// Budget and projection summed at the scope the pack measures flexibility on.
    func flexibilityGroups(_ projections: [LineProjection]) throws(MoneyError) -> [(partnerID: String?, categoryID: String?, budget: Money, projected: Money)] {
        var groups: [(partnerID: String?, categoryID: String?, budget: Money, projected: Money)] = []
        func add(_ partner: String?, _ category: String?, _ members: [LineProjection]) throws(MoneyError) {
            guard !members.isEmpty else { return }
            groups.append((partner, category, try Money.sum(members.map(\.budget), currency: .euro), try Money.sum(members.map(\.projected), currency: .euro)))
        }
        switch pack.flexibility.scope {
        case .category:
            for category in grant.costCategories { try add(nil, category.id, projections.filter { $0.categoryID == category.id }) }
        case .partner:
            for partner in grant.partners { try add(partner.id, nil, projections.filter { $0.partnerID == partner.id }) }
        case .partnerCategory:
            for projection in projections { try add(projection.partnerID, projection.categoryID, [projection]) }
        }
        return groups
    }
}

/// A risk the forecast finds.
public enum ForecastRisk: Hashable, Sendable {
    /// Projected spend below the budget by more than the threshold, for a partner or (nil) the project.
    case underspend(partnerID: String?, budget: Money, projected: Money, threshold: Rate)
    /// Projected spend above the most the flexibility limit allows, at the pack's scope.
    case overspend(partnerID: String?, categoryID: String?, budget: Money, projected: Money, allowed: Money)
    /// A partner declared nothing in a period it had budget for.
    case noSpend(partnerID: String, periodNumber: Int, budget: Money)
}
