/// A single cell whose correction would mend some of a table's breaks without causing new ones.
public struct CellDiagnosis: Hashable, Sendable {
    /// The cell most likely at fault.
    public let cell: BudgetTableCell
    /// What the table states there.
    public let found: Money
    /// The value that reconciles every break in `explains`.
    public let reconcilingValue: Money
    /// The breaks this one correction mends.
    public let explains: [BudgetBreakKind]
    /// Other cells whose correction would mend the same breaks equally well; empty when the
    /// fault is pinned to one cell.
    public let alternatives: [CellCorrection]

    /// True when no other single cell explains the same breaks.
    public var isUnique: Bool { alternatives.isEmpty }

    /// Finds, round by round, the one cell whose correction mends the most remaining breaks and
    /// breaks nothing that held. When several cells mend the same breaks equally well, the
    /// diagnosis lists them all as alternatives and stops there, since the table cannot tell
    /// which is wrong.
    static func diagnose(_ table: BudgetTable, breaks: [BudgetBreak], rulePack: RulePack) throws(MoneyError) -> [CellDiagnosis] {
        var working = table
        var remaining = breaks
        var diagnoses: [CellDiagnosis] = []
        for _ in 0..<Limits.diagnosisRoundsMax where !remaining.isEmpty {
            let candidates = try corrections(of: working, breaks: remaining, rulePack: rulePack)
            guard let best = candidates.max(by: { $0.mends.count < $1.mends.count }) else { break }
            let equals = candidates.filter { $0.mends == best.mends && $0.correction.cell != best.correction.cell }
            diagnoses.append(CellDiagnosis(cell: best.correction.cell, found: working[best.correction.cell]!,
                                           reconcilingValue: best.correction.value, explains: best.mends,
                                           alternatives: equals.map(\.correction)))
            guard equals.isEmpty else { break }
            working = working.replacing(best.correction.cell, with: best.correction.value)
            remaining = best.remaining
        }
        return diagnoses
    }

    private struct Trial {
        let correction: CellCorrection
        let mends: [BudgetBreakKind]
        let remaining: [BudgetBreak]
    }

    /// Every single-cell correction that mends at least one break and creates none, in cell order.
    private static func corrections(of table: BudgetTable, breaks: [BudgetBreak], rulePack: RulePack) throws(MoneyError) -> [Trial] {
        var trials: [Trial] = []
        let before = Set(breaks.map(\.kind))
        for correction in try candidateCorrections(table, breaks: breaks, rulePack: rulePack) {
            let after = try BudgetTableReconciliation.breaks(in: table.replacing(correction.cell, with: correction.value),
                                                             rulePack: rulePack)
            let afterKinds = Set(after.map(\.kind))
            guard afterKinds.isSubset(of: before) else { continue }
            let mends = breaks.map(\.kind).filter { !afterKinds.contains($0) }
            if !mends.isEmpty { trials.append(Trial(correction: correction, mends: mends, remaining: after)) }
        }
        return trials
    }

    /// For each cell of each break, the value that would mend that break. A partner cell that only
    /// a column break reads is skipped: changing it would break its own row, which holds.
    private static func candidateCorrections(_ table: BudgetTable, breaks: [BudgetBreak], rulePack: RulePack) throws(MoneyError) -> [CellCorrection] {
        var readers: [BudgetTableCell: Int] = [:]
        for fault in breaks { for cell in fault.cells { readers[cell, default: 0] += 1 } }
        var seen = Set<CellCorrection>()
        var result: [CellCorrection] = []
        for fault in breaks {
            for cell in fault.cells where table[cell] != nil {
                if case .columnSum = fault.kind, case .partner = cell.row, readers[cell] == 1 { continue }
                guard let value = try mendingValue(for: fault, at: cell, in: table, rulePack: rulePack) else { continue }
                let correction = CellCorrection(cell: cell, value: value)
                if seen.insert(correction).inserted { result.append(correction) }
            }
        }
        return result.sorted { $0.cell < $1.cell }
    }

    /// The value `cell` would need for `fault` to hold, or nil when changing that cell cannot
    /// mend it (a cap is mended by lowering programme funds, not by raising a total).
    private static func mendingValue(for fault: BudgetBreak, at cell: BudgetTableCell, in table: BudgetTable,
                                     rulePack: RulePack) throws(MoneyError) -> Money? {
        let current = table[cell]!
        switch fault.kind {
        case .rowSum, .totalsRowSum:
            // expected = programme + co-financing, found = total.
            if cell.column == .total { return fault.expected }
            return try current.adding(fault.found).subtracting(fault.expected)
        case .columnSum:
            // expected = sum of partner rows, found = stated total.
            if cell.row == .totals { return fault.expected }
            return try current.adding(fault.found).subtracting(fault.expected)
        case .capExceeded:
            return cell.column == .programmeFunds ? fault.expected : nil
        }
    }
}

/// A cell and the value proposed for it.
public struct CellCorrection: Hashable, Sendable {
    public let cell: BudgetTableCell
    public let value: Money

    public init(cell: BudgetTableCell, value: Money) {
        self.cell = cell
        self.value = value
    }
}
