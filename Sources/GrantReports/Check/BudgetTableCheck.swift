import GrantCore

/// The content of `grantledger check` for one budget table: the table, every finding in words,
/// and the cells most likely at fault. Rendered as text or JSON by its extensions.
public struct BudgetTableCheck: Sendable {
    public let source: BudgetTableSource
    public let reconciliation: BudgetTableReconciliation
    /// Every finding, in table order: shape problems, then breaks.
    public let findings: [Finding]
    /// The partner rows' sums per column, shown under the stated totals.
    public let computedTotals: [BudgetColumn: Money]

    public init(source: BudgetTableSource, reconciliation: BudgetTableReconciliation) throws(MoneyError) {
        self.source = source
        self.reconciliation = reconciliation
        var sums: [BudgetColumn: Money] = [:]
        for column in BudgetColumn.allCases { sums[column] = try reconciliation.computedTotal(column) }
        self.computedTotals = sums
        let wording = BudgetTableWording(table: reconciliation.table, rulePack: reconciliation.rulePack, format: .en)
        self.findings = reconciliation.problems.map(wording.finding) + reconciliation.breaks.map(wording.finding)
    }

    /// The number of findings of `severity`.
    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// True when nothing was found.
    public var isClean: Bool { findings.isEmpty }
}
