/// How much of a line a rule reads, which decides where the one pass (`AuditPass`) evaluates it.
public enum AuditRuleKind: String, Sendable, CaseIterable {
    /// Each line on its own, as it is read (the reader's own checks of what a line names included).
    case line = "per line"
    /// Each line against the earlier lines of the same invoice.
    case invoice = "per invoice"
    /// The sums per partner × category × period, once every line is read.
    case cell = "per cell"
    /// The project as approved, and its sums as a whole.
    case project = "per project"
    /// A budget table as a programme publishes it (`check TABLE`), row by row and column by column.
    case table = "per budget table"
}

/// One rule of the registry: the id findings carry, how much it reads, where it comes from.
public struct AuditRuleDefinition: Sendable {
    public let id: AuditRule
    public let kind: AuditRuleKind
    /// The regulation or document the rule applies, under a pack.
    public let citation: @Sendable (RulePack) -> String
    /// What the rule says, in one sentence.
    public let statement: String
}

/// A rule the pass applies to each live expenditure line as it is read.
package protocol LineRule: Sendable {
    static var definition: AuditRuleDefinition { get }
    /// What the rule finds on `line`, if anything.
    static func verdict(_ line: borrowing AuditLine, in context: AuditContext) throws(MoneyError) -> LineVerdict?
}

/// A rule the pass applies to each live line against the earlier lines of its invoice.
package protocol InvoiceRule: Sendable {
    static var definitions: [AuditRuleDefinition] { get }
    static func verdict(_ line: borrowing AuditLine, in context: AuditContext, book: inout InvoiceBook) throws(MoneyError) -> LineVerdict?
}

/// A rule the pass applies once every line is read, to the sums (and to what the line rules
/// found, which an excess takes into account).
package protocol AggregateRule: Sendable {
    static var definitions: [AuditRuleDefinition] { get }
    static func findings(_ totals: AuditTotals, earlier: [AuditFinding]) throws(MoneyError) -> [AuditFinding]
}

/// Every rule of the audit, the one list the pass evaluates, so a rule added here is applied to
/// every reading: a folder's files, a ledger's blocks, lines in memory. Line rules are listed in
/// their precedence (`AuditPass`): a cost ineligible by its dates is ineligible whole; of what is
/// left, the difference a wrong exchange rate makes; of that, at the right rate, what is declared
/// above the net of a partner that recovers VAT; of what is left, the part of a repeated invoice
/// beyond its gross. So the findings on a line add up to what is ineligible on it, and no euro is
/// deducted twice (README: Corrections).
public enum AuditRegistry {
    /// The approved budget's own rules, found before any line is read.
    package static let budgetRules: [any AggregateRule.Type] = [ApprovedBudgetRule.self]
    /// The reader's own checks of what each line names.
    package static let referenceRules: [AuditRuleDefinition] = UnknownReferenceRule.definitions
    package static let lineRules: [any LineRule.Type] = [
        OutsideProjectPeriodRule.self, UnpaidRule.self, PaidAfterClaimRule.self, ConversionRateRule.self, RecoverableVATRule.self,
    ]
    package static let invoiceRules: [any InvoiceRule.Type] = [RepeatedInvoiceRule.self]
    /// After the lines, in this order: each sees what the ones before it found.
    package static let aggregateRules: [any AggregateRule.Type] = [
        FlatRateAmountRule.self, FlatRateCoveredCostRule.self, FlatRateRecomputationRule.self,
        BudgetFlexibilityRule.self, ProgrammeFundsRule.self,
    ]

    /// The rules a published budget table is reconciled by (`BudgetTableReconciliation`), whose
    /// cap is the approved budget's `cofinancing.cap`.
    public static let tableRules = [
        AuditRuleDefinition(id: .tableRowSum, kind: .table, citation: { _ in "the programme's published budget table" },
                            statement: "A partner's programme funds and co-financing add up to its stated total."),
        AuditRuleDefinition(id: .tableColumnSum, kind: .table, citation: { _ in "the programme's published budget table" },
                            statement: "The partner rows of a column add up to the stated project total."),
        AuditRuleDefinition(id: .tableTotalsRowSum, kind: .table, citation: { _ in "the programme's published budget table" },
                            statement: "The stated project programme funds and co-financing add up to the stated total."),
        AuditRuleDefinition(id: .tableLeadPartner, kind: .table, citation: { _ in "the programme's published budget table" },
                            statement: "A table has exactly one lead partner."),
        AuditRuleDefinition(id: .tableDuplicatePartner, kind: .table, citation: { _ in "the programme's published budget table" },
                            statement: "Each partner has one row."),
    ]

    /// Every rule's definition, in the registry's order.
    public static var definitions: [AuditRuleDefinition] {
        budgetRules.flatMap { $0.definitions } + referenceRules + lineRules.map { $0.definition }
            + invoiceRules.flatMap { $0.definitions } + aggregateRules.flatMap { $0.definitions } + tableRules
    }
}
