/// Everything the subsidy contract fixes about a project: programme, partners, funding sources,
/// categories, periods, the approved amounts and the budget broken down into lines.
public struct Grant: Hashable, Sendable {
    public let programme: Programme
    public let project: Project
    public let partners: [Partner]
    public let fundingSources: [FundingSource]
    public let costCategories: [CostCategory]
    public let reportingPeriods: [ReportingPeriod]
    /// Each partner's approved amounts per funding source and its approved total.
    public let approvals: [PartnerApproval]
    /// The approved budget by partner, category, period and source.
    public let budgetLines: [BudgetLine]
    /// The flat rates the project chose from its pack's options; the programme's pack carries
    /// them as its flat rates (none: the pack's own).
    public let flatRateChoices: [FlatRateChoice]

    public init(programme: Programme, project: Project, partners: [Partner], fundingSources: [FundingSource],
                costCategories: [CostCategory], reportingPeriods: [ReportingPeriod], approvals: [PartnerApproval],
                budgetLines: [BudgetLine], flatRateChoices: [FlatRateChoice] = []) {
        self.programme = programme
        self.project = project
        self.partners = partners
        self.fundingSources = fundingSources
        self.costCategories = costCategories
        self.reportingPeriods = reportingPeriods
        self.approvals = approvals
        self.budgetLines = budgetLines
        self.flatRateChoices = flatRateChoices
    }

    /// The same grant checked under another rule pack (`--rules`), with the project's flat-rate
    /// choices where that pack offers them, else that pack's own flat rates.
    public func under(_ pack: RulePack) -> Grant {
        let chosen = (try? pack.choosing(flatRateChoices).get()) ?? pack
        return Grant(programme: Programme(name: programme.name, rulePack: chosen), project: project, partners: partners,
                     fundingSources: fundingSources, costCategories: costCategories, reportingPeriods: reportingPeriods,
                     approvals: approvals, budgetLines: budgetLines, flatRateChoices: flatRateChoices)
    }

    /// The grant as a report of one partner or one period shows it: that partner's approvals and
    /// budget lines, that period's budget lines (nil keeps all). Approved amounts are per partner
    /// for the whole project, so a period's report still states them whole.
    public func scoped(partnerID: String?, periodNumber: Int?) -> Grant {
        func kept(_ partner: String) -> Bool { partnerID.map { $0 == partner } ?? true }
        func kept(_ period: Int) -> Bool { periodNumber.map { $0 == period } ?? true }
        return Grant(programme: programme, project: project, partners: partners.filter { kept($0.id) }, fundingSources: fundingSources,
                     costCategories: costCategories, reportingPeriods: reportingPeriods.filter { kept($0.number) },
                     approvals: approvals.filter { kept($0.partnerID) },
                     budgetLines: budgetLines.filter { kept($0.partnerID) && kept($0.periodNumber) }, flatRateChoices: flatRateChoices)
    }

    /// The partner with `id`, if the grant has one.
    public func partner(_ id: String) -> Partner? { partners.first { $0.id == id } }
    /// The funding source with `id`, if the grant has one.
    public func fundingSource(_ id: String) -> FundingSource? { fundingSources.first { $0.id == id } }
}

/// A partner's approved amounts, as the subsidy contract states them.
public struct PartnerApproval: Hashable, Sendable {
    public let partnerID: String
    /// The approved amount from each funding source, in the contract's order.
    public let amounts: [SourceAmount]
    /// The approved total as stated; checked against the amounts, never derived from them.
    public let total: Money

    public init(partnerID: String, amounts: [SourceAmount], total: Money) {
        self.partnerID = partnerID
        self.amounts = amounts
        self.total = total
    }
}

/// An amount from one funding source.
public struct SourceAmount: Hashable, Sendable {
    public let sourceID: String
    public let amount: Money

    public init(sourceID: String, amount: Money) {
        self.sourceID = sourceID
        self.amount = amount
    }
}
