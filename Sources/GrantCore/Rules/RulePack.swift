/// A programme's rules as data: everything the engine checks a project against. A new
/// programme needs a new pack (a JSON file, see README "Rule packs"), not new code.
public struct RulePack: Hashable, Sendable {
    /// A stable identifier used on the command line, e.g. `interreg-2014-2020`.
    public let id: String
    /// The name a reader recognises.
    public let name: String
    /// The cost categories the programme defines.
    public let costCategories: [CostCategory]
    /// Programme funds at most a share of the total, and how fund amounts are rounded.
    public let coFinancing: CoFinancingRule
    /// Categories paid as a percentage of other costs instead of real costs.
    public let flatRates: [FlatRate]
    /// When a cost is eligible.
    public let eligibility: EligibilityRule
    /// How non-euro costs are converted.
    public let conversion: ConversionRule
    /// How far a category or partner may exceed its budget without a formal change.
    public let flexibility: FlexibilityRule
    /// The length of a reporting period, in months.
    public let reportingPeriodMonths: Int
    /// How first-level control samples, judges and names errors.
    public let control: ControlRules
    /// The flat rates a project may choose instead of `flatRates` (`choosing`).
    public let flatRateOptions: [FlatRateOption]

    public init(id: String, name: String, costCategories: [CostCategory], coFinancing: CoFinancingRule, flatRates: [FlatRate],
                eligibility: EligibilityRule, conversion: ConversionRule, flexibility: FlexibilityRule, reportingPeriodMonths: Int,
                control: ControlRules, flatRateOptions: [FlatRateOption] = []) {
        precondition(reportingPeriodMonths > 0, "A reporting period lasts at least a month")
        precondition(control.riskRules.allSatisfy { rule in
            guard case .category(let id) = rule else { return true }
            return costCategories.contains { $0.id == id }
        }, "A risk rule takes lines of one of the pack's categories")
        self.id = id
        self.name = name
        self.costCategories = costCategories
        self.coFinancing = coFinancing
        self.flatRates = flatRates
        self.eligibility = eligibility
        self.conversion = conversion
        self.flexibility = flexibility
        self.reportingPeriodMonths = reportingPeriodMonths
        self.control = control
        self.flatRateOptions = flatRateOptions
        let categories = Set(costCategories.map(\.id))
        precondition(flatRateOptions.allSatisfy { categories.contains($0.category) }, "A flat-rate option pays for a pack's category")
        precondition(Set(flatRateOptions.map(\.id)).count == flatRateOptions.count, "Flat-rate options have distinct ids")
        precondition(FlatRateRefusal.combination(flatRates.map { ($0.id, $0.category, false) }) == nil,
                     "A pack's own flat rates go together")
    }

    /// The highest share of a total that programme funds may cover.
    public var coFinancingCap: Rate { coFinancing.cap }
    /// How a fund amount (total × rate) is brought to the cent; the contribution is the rest.
    public var fundRounding: RoundingMode { coFinancing.fundRounding }
    /// The regulation and article that set the co-financing cap.
    public var coFinancingCapCitation: String { coFinancing.citation }
    /// How a currency conversion is brought to the cent.
    public var conversionRounding: RoundingMode { conversion.rounding }
    /// Which month's rate converts a non-euro cost.
    public var conversionMonth: ConversionMonth { conversion.month }

    /// The most programme funds `total` may carry: total × cap, rounded as the pack says.
    public func maximumProgrammeFunds(for total: Money) throws(MoneyError) -> Money {
        try total.applying(coFinancing.cap, rounding: coFinancing.fundRounding)
    }

    /// The flat rate that pays for `categoryID`, if one does.
    public func flatRate(covering categoryID: String) -> FlatRate? {
        flatRates.first { $0.category == categoryID }
    }
}

/// The co-financing rule: programme funds at most `cap` of eligible cost.
public struct CoFinancingRule: Hashable, Sendable {
    public let cap: Rate
    /// How total × rate is brought to the cent.
    public let fundRounding: RoundingMode
    /// The kinds of partner contribution the programme accepts.
    public let contributionTypes: [ContributionType]
    public let citation: String

    public init(cap: Rate, fundRounding: RoundingMode, contributionTypes: [ContributionType], citation: String) {
        precondition(cap.hundredMillionths <= Rate.scale, "A co-financing cap is at most 100%")
        self.cap = cap
        self.fundRounding = fundRounding
        self.contributionTypes = contributionTypes
        self.citation = citation
    }
}

/// A category paid as a percentage of a base of other costs, e.g. office and administration
/// at 15% of staff costs. Real costs declared in a flat-rate category are funded twice.
public struct FlatRate: Hashable, Sendable {
    /// A stable identifier, e.g. `office-15-of-staff`.
    public let id: String
    /// The category the flat rate pays for.
    public let category: String
    /// The percentage of the base.
    public let rate: Rate
    /// What the percentage is taken of.
    public let base: FlatRateBase
    /// How base × rate is brought to the cent.
    public let rounding: RoundingMode
    public let citation: String
    /// Whether it pays for every cost outside its base, not its own category alone (the 40%
    /// option of Reg. (EU) 2021/1060 Art. 56): real costs in any other category are funded twice.
    public let coversAllOtherCosts: Bool

    public init(id: String, category: String, rate: Rate, base: FlatRateBase, rounding: RoundingMode, citation: String,
                coversAllOtherCosts: Bool = false) {
        self.id = id
        self.category = category
        self.rate = rate
        self.base = base
        self.rounding = rounding
        self.citation = citation
        self.coversAllOtherCosts = coversAllOtherCosts
    }
}

/// The costs a flat rate is a percentage of.
public enum FlatRateBase: Hashable, Sendable {
    /// The sum of these categories, e.g. staff costs.
    case categories([String])
    /// Every direct cost except these categories (and except flat-rate categories themselves),
    /// e.g. "direct costs other than staff costs".
    case directCostsExcept([String])

    /// True when a cost in `categoryID` counts towards this base.
    public func includes(_ categoryID: String, flatRateCategories: Set<String>) -> Bool {
        switch self {
        case .categories(let included): included.contains(categoryID)
        case .directCostsExcept(let excluded): !excluded.contains(categoryID) && !flatRateCategories.contains(categoryID)
        }
    }
}

/// When a cost is eligible.
public struct EligibilityRule: Hashable, Sendable {
    /// Invoiced and paid between the project's start and end.
    public let withinProjectPeriod: Bool
    /// Paid before it is claimed (an unpaid line is not eligible).
    public let paidBeforeClaim: Bool
    /// VAT a partner can recover is not an eligible cost.
    public let recoverableVATIneligible: Bool
    public let citation: String

    public init(withinProjectPeriod: Bool, paidBeforeClaim: Bool, recoverableVATIneligible: Bool, citation: String) {
        self.withinProjectPeriod = withinProjectPeriod
        self.paidBeforeClaim = paidBeforeClaim
        self.recoverableVATIneligible = recoverableVATIneligible
        self.citation = citation
    }
}

/// How non-euro costs are converted.
public struct ConversionRule: Hashable, Sendable {
    public let month: ConversionMonth
    public let rounding: RoundingMode
    public let citation: String

    public init(month: ConversionMonth, rounding: RoundingMode, citation: String) {
        self.month = month
        self.rounding = rounding
        self.citation = citation
    }
}

/// The month whose exchange rate converts a non-euro cost.
public enum ConversionMonth: String, Hashable, Sendable, CaseIterable {
    /// The month the expenditure is submitted for control (Interreg, Reg. (EU) 1299/2013 Art. 28(b)).
    case submission
    /// The month the cost was invoiced (some EEA and Norway Grants funds).
    case invoice
}

/// How far spend may exceed the budget without a formal change request.
public struct FlexibilityRule: Hashable, Sendable {
    /// The allowed excess as a share of the budget, e.g. 20%.
    public let limit: Rate
    /// What the limit applies to.
    public let scope: FlexibilityScope
    public let citation: String

    public init(limit: Rate, scope: FlexibilityScope, citation: String) {
        self.limit = limit
        self.scope = scope
        self.citation = citation
    }
}

/// The budget lines a flexibility limit is measured on.
public enum FlexibilityScope: String, Hashable, Sendable, CaseIterable {
    /// Each cost category of the project.
    case category
    /// Each partner's budget.
    case partner
    /// Each cost category of each partner.
    case partnerCategory = "partner-category"
}
