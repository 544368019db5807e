/// A money entry as listings and reports show it: an expenditure entry, or a reversal with the
/// line it reverses, so a view by partner or category finds both. A class, so the large lists
/// of a big ledger hold and pass references instead of copying every line.
public final class LedgerLine: Equatable, Sendable {
    public let entry: LedgerEntry
    /// The expenditure line itself, or for a reversal the line it reverses.
    public let line: ExpenditureLine
    /// The reversal that cancels this expenditure entry, if any.
    public let reversedBy: Int64?
    /// The controller's latest verdict on this expenditure entry, with the entry that records it.
    public let control: (sequence: Int64, control: Control)?

    public init(entry: LedgerEntry, line: ExpenditureLine, reversedBy: Int64?, control: (sequence: Int64, control: Control)? = nil) {
        self.entry = entry
        self.line = line
        self.reversedBy = reversedBy
        self.control = control
    }

    public static func == (lhs: LedgerLine, rhs: LedgerLine) -> Bool {
        lhs.entry == rhs.entry && lhs.line == rhs.line && lhs.reversedBy == rhs.reversedBy
            && lhs.control?.sequence == rhs.control?.sequence && lhs.control?.control == rhs.control?.control
    }

    /// The amount certified: the controller's, or for a reversal its own (negative) amount; nil while uncontrolled.
    public var certifiedEuros: Money? {
        // A reversed entry and its reversal cancel out, whatever a controller said before.
        if case .reversal = entry.body { return euros }
        if reversedBy != nil { return euros }
        return control.flatMap { $0.control.parked ? nil : $0.control.certified }
    }

    /// The certified amount to show beside this entry: the controller's latest verdict; nil while
    /// uncontrolled, and for a reversed entry and its reversal, which cancel out: nothing of
    /// them is certified, whatever a controller said before (their `certifiedEuros` still add
    /// up to zero in the sums).
    public var certifiedShown: Money? {
        if case .reversal = entry.body { return nil }
        return reversedBy == nil ? control.flatMap { $0.control.parked ? nil : $0.control.certified } : nil
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
