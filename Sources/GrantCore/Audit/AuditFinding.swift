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
}

extension AuditFinding {
    /// A line of an expenditure file that names a partner, category or period the project does
    /// not define; found when a folder is audited (an import refuses such a line outright).
    public static func unknownReference(_ rule: AuditRule, value: String, known: [String], file: String, line: Int) -> AuditFinding {
        AuditFinding(rule: rule, severity: .error, place: AuditPlace(file: file, line: line), amounts: nil,
                     detail: .unknownReference(value: value, known: known), citation: "subsidy contract (project definition)")
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

    public static func < (lhs: AuditSeverity, rhs: AuditSeverity) -> Bool { lhs == .error && rhs == .warning }
}

/// The rules the audit applies, with their stable ids.
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
    case overFlexibility = "budget.flexibility"
    case programmeFundsAboveApproved = "cofinancing.above-approved"
}

/// The facts behind a finding, by rule.
public enum AuditDetail: Hashable, Sendable {
    case none
    /// The date that falls outside, which date it is, and the project period.
    case outsideProjectPeriod(date: CalendarDate, which: String, start: CalendarDate, end: CalendarDate)
    /// Paid on `payment`, after the line was declared on `declared`.
    case paidAfterDeclaration(payment: CalendarDate, declared: CalendarDate)
    /// VAT the partner can recover, declared: the line's VAT in its currency.
    case recoverableVAT(vat: Money)
    /// The rate used against the rate of the month the pack names.
    case conversionRate(used: ExchangeRate, expected: ExchangeRate, month: CalendarDate, which: ConversionMonth)
    /// The same invoice as these earlier entries.
    case duplicate(invoiceNumber: String, supplier: String, earlier: [Int64])
    /// A flat rate's base and rate.
    case flatRate(id: String, base: Money, rate: Rate)
    /// The budget, the limit and the spend of a category or partner.
    case flexibility(budget: Money, limit: Rate)
    /// A partner, category or period the project does not define, as written in the file.
    case unknownReference(value: String, known: [String])
    /// `rate` is the partner's exact programme rate (approved programme funds ÷ approved
    /// total); nil for the project as a whole.
    case programmeFunds(rate: Ratio?)
    /// A break inside the approved budget; `sourceID` names the funding source when one is concerned.
    case approvedBudget(sourceID: String?)
}
