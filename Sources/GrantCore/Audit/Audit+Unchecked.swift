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

extension Audit {
    /// The exchange rates of live foreign lines that `conversion.rate-month` could not check.
    public func uncheckedRates() -> [UncheckedCheck] {
        liveExpenditure.compactMap { line in
            guard line.line.exchangeRate != nil else { return nil }
            let currency = line.line.currency
            let reason: UncheckedReason
            if let rates {
                guard let month = conversionMonth(line) else {
                    return UncheckedCheck(rule: .conversionRate, place: place(line), reason: .monthUnknown(currency: currency))
                }
                guard rates.rate(currency, monthOf: month) == nil else { return nil }
                reason = .noRateForMonth(currency: currency, month: month)
            } else {
                reason = .noRateTable(currency: currency)
            }
            return UncheckedCheck(rule: .conversionRate, place: place(line), reason: reason)
        }
    }
}
