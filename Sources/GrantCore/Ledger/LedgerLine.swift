/// A money entry as listings and reports show it: an expenditure entry, or a reversal with the
/// line it reverses, so a view by partner or category finds both.
public struct LedgerLine: Equatable, Sendable {
    public let entry: LedgerEntry
    /// The expenditure line itself, or for a reversal the line it reverses.
    public let line: ExpenditureLine
    /// The reversal that cancels this expenditure entry, if any.
    public let reversedBy: Int64?

    public init(entry: LedgerEntry, line: ExpenditureLine, reversedBy: Int64?) {
        self.entry = entry
        self.line = line
        self.reversedBy = reversedBy
    }

    /// The euro amount this entry adds to the ledger: declared, or the negative of a reversal.
    public var euros: Money {
        if case .reversal(_, _, _, let amount) = entry.body { return amount }
        return line.declaredEuros
    }

    /// The period the entry is posted in: the line's own, or the reversal's posting period.
    public var periodNumber: Int {
        if case .reversal(_, _, let period, _) = entry.body { return period }
        return line.periodNumber
    }
}
