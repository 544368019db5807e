/// A place where a budget table does not hold together, with the exact amounts involved.
///
/// `expected` is what the rule computes from the other cells, `found` what the table states,
/// and `difference` is `found − expected`: negative when the stated figure is short.
public struct BudgetBreak: Hashable, Sendable {
    /// Which rule broke, and where.
    public let kind: BudgetBreakKind
    /// The amount the rule computes.
    public let expected: Money
    /// The amount the table states.
    public let found: Money
    /// The cells the rule reads: changing one of them may mend the break.
    public let cells: [BudgetTableCell]

    /// `found − expected`.
    public let difference: Money

    /// A break; throws when the difference itself lies outside the money range.
    public init(kind: BudgetBreakKind, expected: Money, found: Money, cells: [BudgetTableCell]) throws(MoneyError) {
        self.kind = kind
        self.expected = expected
        self.found = found
        self.cells = cells
        self.difference = try found.subtracting(expected)
    }
}

/// The rules a budget table must satisfy, each naming where it applies.
public enum BudgetBreakKind: Hashable, Sendable {
    /// A partner's programme funds and co-financing do not add up to its stated total.
    case rowSum(row: Int)
    /// The partner rows of a column do not add up to the stated project total.
    case columnSum(BudgetColumn)
    /// The stated project programme funds and co-financing do not add up to the stated total.
    case totalsRowSum
    /// Programme funds above the rule pack's cap, for a partner or for the project.
    case capExceeded(BudgetTableRowReference)

    /// The rule findings carry (its id stable across versions).
    public var rule: AuditRule {
        switch self {
        case .rowSum: .tableRowSum
        case .columnSum: .tableColumnSum
        case .totalsRowSum: .tableTotalsRowSum
        case .capExceeded: .approvedAboveCap
        }
    }
}

/// Problems with a table's shape rather than its sums.
public enum BudgetTableProblem: Hashable, Sendable {
    /// No row is marked as the lead partner.
    case noLeadPartner
    /// More than one row is marked as the lead partner (their source lines).
    case severalLeadPartners(lines: [Int])
    /// The same partner name appears on more than one row (their source lines).
    case duplicatePartner(name: String, lines: [Int])

    /// The rule findings carry (its id stable across versions).
    public var rule: AuditRule {
        switch self {
        case .noLeadPartner, .severalLeadPartners: .tableLeadPartner
        case .duplicatePartner: .tableDuplicatePartner
        }
    }
}
