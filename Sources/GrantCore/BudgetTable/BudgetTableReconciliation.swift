/// The outcome of reconciling a budget table against itself and a rule pack: every break,
/// every shape problem, and the cells that most likely cause the breaks.
public struct BudgetTableReconciliation: Hashable, Sendable {
    /// The table as given.
    public let table: BudgetTable
    /// The rule pack the shares were checked against.
    public let rulePack: RulePack
    /// Every sum or cap that does not hold, in table order.
    public let breaks: [BudgetBreak]
    /// Problems with the table's shape.
    public let problems: [BudgetTableProblem]
    /// Single cells whose correction mends one or more breaks without breaking anything else.
    public let diagnoses: [CellDiagnosis]

    /// Reconciles `table` under `rulePack`.
    public init(table: BudgetTable, rulePack: RulePack) throws(MoneyError) {
        self.table = table
        self.rulePack = rulePack
        self.breaks = try Self.breaks(in: table, rulePack: rulePack)
        self.problems = Self.problems(in: table)
        self.diagnoses = try CellDiagnosis.diagnose(table, breaks: breaks, rulePack: rulePack)
    }

    /// True when the table holds together: no break and no shape problem.
    public var isClean: Bool { breaks.isEmpty && problems.isEmpty }

    /// The partner rows' sum of `column`.
    public func computedTotal(_ column: BudgetColumn) throws(MoneyError) -> Money {
        try Self.computedSum(table, column)
    }

    static func computedSum(_ table: BudgetTable, _ column: BudgetColumn) throws(MoneyError) -> Money {
        try Money.sum(table.rows.map { $0[column] }, currency: table.currency)
    }

    /// Every break in `table`, in a fixed order: rows top to bottom, then columns, then the totals
    /// row, then the caps.
    static func breaks(in table: BudgetTable, rulePack: RulePack) throws(MoneyError) -> [BudgetBreak] {
        var found: [BudgetBreak] = []
        for (index, row) in table.rows.enumerated() {
            let parts = try row.programmeFunds.adding(row.nationalCofinancing)
            if parts != row.total {
                found.append(try BudgetBreak(kind: .rowSum(row: index), expected: parts, found: row.total,
                                         cells: BudgetColumn.allCases.map { BudgetTableCell(row: .partner(index), column: $0) }))
            }
        }
        if let totals = table.totals {
            try found += columnBreaks(table, totals: totals)
            try found += totalsRowBreak(totals, currency: table.currency)
        }
        try found += capBreaks(table, rulePack: rulePack)
        return found
    }

    private static func columnBreaks(_ table: BudgetTable, totals: BudgetTableTotals) throws(MoneyError) -> [BudgetBreak] {
        var found: [BudgetBreak] = []
        for column in BudgetColumn.allCases {
            guard let stated = totals[column] else { continue }
            let sum = try computedSum(table, column)
            if sum != stated {
                let cells = table.rows.indices.map { BudgetTableCell(row: .partner($0), column: column) }
                    + [BudgetTableCell(row: .totals, column: column)]
                found.append(try BudgetBreak(kind: .columnSum(column), expected: sum, found: stated, cells: cells))
            }
        }
        return found
    }

    private static func totalsRowBreak(_ totals: BudgetTableTotals, currency: Currency) throws(MoneyError) -> [BudgetBreak] {
        guard let programme = totals.programmeFunds, let cofinancing = totals.nationalCofinancing,
              let total = totals.total else { return [] }
        let parts = try programme.adding(cofinancing)
        guard parts != total else { return [] }
        return [try BudgetBreak(kind: .totalsRowSum, expected: parts, found: total,
                            cells: BudgetColumn.allCases.map { BudgetTableCell(row: .totals, column: $0) })]
    }

    /// Programme funds above the cap, per partner and for the project. The project's figures are
    /// the stated totals where the table states them, else the partner rows' sums.
    private static func capBreaks(_ table: BudgetTable, rulePack: RulePack) throws(MoneyError) -> [BudgetBreak] {
        var found: [BudgetBreak] = []
        for (index, row) in table.rows.enumerated() {
            let maximum = try rulePack.maximumProgrammeFunds(for: row.total)
            if row.programmeFunds > maximum {
                found.append(try BudgetBreak(kind: .capExceeded(.partner(index)), expected: maximum, found: row.programmeFunds,
                                         cells: [BudgetTableCell(row: .partner(index), column: .programmeFunds),
                                                 BudgetTableCell(row: .partner(index), column: .total)]))
            }
        }
        guard !table.rows.isEmpty else { return found }
        let programme = try stated(table, .programmeFunds)
        let total = try stated(table, .total)
        let maximum = try rulePack.maximumProgrammeFunds(for: total)
        if programme > maximum {
            found.append(try BudgetBreak(kind: .capExceeded(.totals), expected: maximum, found: programme,
                                     cells: [BudgetTableCell(row: .totals, column: .programmeFunds),
                                             BudgetTableCell(row: .totals, column: .total)]))
        }
        return found
    }

    /// The project's figure in `column`: the stated total if the table states one, else the rows' sum.
    private static func stated(_ table: BudgetTable, _ column: BudgetColumn) throws(MoneyError) -> Money {
        if let stated = table.totals?[column] { return stated }
        return try computedSum(table, column)
    }

    static func problems(in table: BudgetTable) -> [BudgetTableProblem] {
        var found: [BudgetTableProblem] = []
        let leadLines = table.rows.filter { $0.role == .lead }.map(\.sourceLine)
        if leadLines.isEmpty, !table.rows.isEmpty { found.append(.noLeadPartner) }
        if leadLines.count > 1 { found.append(.severalLeadPartners(lines: leadLines)) }
        var linesByName: [String: [Int]] = [:]
        var names: [String] = []
        for row in table.rows {
            if linesByName[row.partner] == nil { names.append(row.partner) }
            linesByName[row.partner, default: []].append(row.sourceLine)
        }
        for name in names where linesByName[name]!.count > 1 {
            found.append(.duplicatePartner(name: name, lines: linesByName[name]!))
        }
        return found
    }
}
