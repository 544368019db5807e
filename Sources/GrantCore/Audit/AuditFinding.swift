/// One thing the audit found: which rule, where, the amounts, and the regulation behind it.
/// Words are added by the reports module; this is the data.
public struct AuditFinding: Hashable, Sendable {
    public let rule: AuditRule
    public let severity: AuditSeverity
    /// Where: the entry, partner, category and period concerned (whichever apply).
    public let place: AuditPlace
    /// The amount the rule computes, the amount found, and `found − expected`, when the rule is about an amount.
    public let amounts: AuditAmounts?
    /// Facts the wording needs (dates, other entries, rates).
    public let detail: AuditDetail
    /// The regulation and article the rule comes from.
    public let citation: String
    /// What this finding takes off the claim, in euro: its part of what is ineligible on its
    /// line under the line rules' precedence (`Audit.lineRulePrecedence`), or the part of a
    /// limit's excess that no line finding has taken already. Zero for notes, warnings and
    /// findings about the approved budget or programme funds, which correct no expenditure.
    public let correction: Money
    /// On a line with several findings: what the findings before this one in the precedence
    /// took of the line; this one's amounts are on the rest.
    public let takenBeforeOnLine: Money

    public init(rule: AuditRule, severity: AuditSeverity, place: AuditPlace, amounts: AuditAmounts?, detail: AuditDetail,
                citation: String, correction: Money = .zero(.euro), takenBeforeOnLine: Money = .zero(.euro)) {
        precondition(severity == .error || correction.isZero, "Only an error corrects the claim")
        self.rule = rule
        self.severity = severity
        self.place = place
        self.amounts = amounts
        self.detail = detail
        self.citation = citation
        self.correction = correction
        self.takenBeforeOnLine = takenBeforeOnLine
    }
}

/// Expected, found and their difference.
public struct AuditAmounts: Hashable, Sendable {
    public let expected: Money
    public let found: Money
    public let difference: Money

    init(expected: Money, found: Money) throws(MoneyError) {
        self.expected = expected
        self.found = found
        self.difference = try found.subtracting(expected)
    }
}

/// Where a finding applies.
public struct AuditPlace: Hashable, Sendable {
    public let entry: Int64?
    public let file: String?
    public let line: Int?
    public let partnerID: String?
    public let categoryID: String?
    public let periodNumber: Int?

    public init(entry: Int64? = nil, file: String? = nil, line: Int? = nil, partnerID: String? = nil, categoryID: String? = nil,
                periodNumber: Int? = nil) {
        self.entry = entry
        self.file = file
        self.line = line
        self.partnerID = partnerID
        self.categoryID = categoryID
        self.periodNumber = periodNumber
    }
}

/// How serious a finding is.
public enum AuditSeverity: String, Hashable, Sendable, Comparable {
    /// Ineligible or wrong: the amount cannot be claimed as it stands.
    case error
    /// To look at: allowed, or not yet wrong, but worth a controller's eye.
    case warning
    /// For information: nothing is wrong (e.g. a flat rate claimed below what it allows).
    case note

    private var rank: Int {
        switch self {
        case .error: 0
        case .warning: 1
        case .note: 2
        }
    }

    public static func < (lhs: AuditSeverity, rhs: AuditSeverity) -> Bool { lhs.rank < rhs.rank }
}

/// The rules the audit applies, with their stable ids; each is defined once, in `AuditRegistry`.
public enum AuditRule: String, Hashable, Sendable, CaseIterable {
    case approvedSourcesVersusTotal = "budget.sources-sum"
    case approvedAboveCap = "cofinancing.cap"
    case budgetLinesVersusApproved = "budget.lines-sum"
    case unknownPartner = "reference.partner"
    case unknownCategory = "reference.category"
    case unknownPeriod = "reference.period"
    case outsideProjectPeriod = "eligibility.project-period"
    case unpaid = "eligibility.unpaid"
    case paidAfterDeclaration = "eligibility.paid-after-claim"
    case recoverableVAT = "eligibility.recoverable-vat"
    case conversionRate = "conversion.rate-month"
    case duplicateInReport = "duplicate.same-report"
    case duplicateAcrossReports = "duplicate.across-reports"
    case duplicateAcrossPartners = "duplicate.across-partners"
    case flatRateAmount = "flat-rate.amount"
    case flatRateNotRecomputed = "flat-rate.not-recomputed"
    case flatRateCoveredCost = "flat-rate.covered-cost"
    case overFlexibility = "budget.flexibility"
    case programmeFundsAboveApproved = "cofinancing.above-approved"
    case tableRowSum = "table.row-sum"
    case tableColumnSum = "table.column-sum"
    case tableTotalsRowSum = "table.totals-row-sum"
    case tableLeadPartner = "table.lead-partner"
    case tableDuplicatePartner = "table.duplicate-partner"
}

extension AuditRule {
    /// The rule's definition in the registry: its kind, citation and statement.
    public var definition: AuditRuleDefinition { Self.definitions[self]! }

    private static let definitions = Dictionary(uniqueKeysWithValues: AuditRegistry.definitions.map { ($0.id, $0) })
}

/// The facts behind a finding, by rule.
public enum AuditDetail: Hashable, Sendable {
    case none
    /// The dates that fall outside (`invoiced`, `paid`), and the project period: one finding
    /// for a line, whichever of its dates fall outside.
    case outsideProjectPeriod(dates: [DatedEvent], start: CalendarDate, end: CalendarDate)
    /// Paid on `payment`, after the line was declared on `declared`.
    case paidAfterDeclaration(payment: CalendarDate, declared: CalendarDate)
    /// VAT the partner can recover, declared: the line's VAT in its currency, and its net in
    /// euro at the right rate, the most that is eligible.
    case recoverableVAT(vat: Money, net: Money)
    /// The rate used against the rate of the month the pack names.
    case conversionRate(used: ExchangeRate, expected: ExchangeRate, month: CalendarDate, which: ConversionMonth)
    /// The same invoice as these earlier entries: the invoice's gross in euro and what its
    /// declared parts add up to with this line; the excess over the gross is declared twice.
    case duplicate(invoiceNumber: String, supplier: String, earlier: [Int64], gross: Money, declaredParts: Money)
    /// A flat rate's base and rate.
    case flatRate(id: String, base: Money, rate: Rate)
    /// Real costs in a category the flat rate `id`, at `rate`, pays for with all other costs.
    case coveredByFlatRate(id: String, rate: Rate)
    /// The budget and the limit of a category or partner, and how much of the excess line
    /// findings in it have taken already.
    case flexibility(budget: Money, limit: Rate, deductedByLines: Money)
    /// A partner, category or period the project does not define, as written in the file.
    case unknownReference(value: String, known: [String])
    /// `rate` is the partner's exact programme rate (approved programme funds ÷ approved
    /// total); nil for the project as a whole.
    case programmeFunds(rate: Ratio?)
    /// A break inside the approved budget; `sourceID` names the funding source when one is concerned.
    case approvedBudget(sourceID: String?)
}

/// A date of an expenditure line and what happened on it.
public struct DatedEvent: Hashable, Sendable {
    /// `invoiced` or `paid`.
    public let which: String
    public let date: CalendarDate
}
