/// A check the audit could not make on a line, and why: reported by rule and line, so that what
/// was not checked is never mistaken for what passed.
public struct UncheckedCheck: Hashable, Sendable {
    public let rule: AuditRule
    public let place: AuditPlace
    public let reason: UncheckedReason
}

/// Why a check could not be made.
public enum UncheckedReason: Hashable, Sendable {
    /// A foreign line's rate, with no rate table given or recorded.
    case noRateTable(currency: Currency)
    /// A foreign line's rate, with no rate in the table for the month the pack names.
    case noRateForMonth(currency: Currency, month: CalendarDate)
    /// A foreign line's rate, whose month is not known (its import batch has no submission date).
    case monthUnknown(currency: Currency)
}
