/// `conversion.rate-month`: a non-euro line converted at another rate than the rate table's for
/// the month the pack names (the month of submission, from the line's import batch, or of the
/// invoice). The finding is on the amount declared: half an invoice declared carries half the
/// difference the wrong rate makes on its gross.
package enum ConversionRateRule: LineRule {
    package static let definition = AuditRuleDefinition(
        id: .conversionRate, kind: .line, citation: { $0.conversion.citation },
        statement: "A cost in another currency is converted at the rate of the month the programme names.")

    package static func verdict(_ line: borrowing AuditLine, in context: AuditContext) throws(MoneyError) -> LineVerdict? {
        guard let rates = context.rates, let used = line.exchangeRate, let month = context.conversionMonth(line),
              let expected = rates.rate(line.currency, monthOf: month), expected != used else { return nil }
        let pack = context.pack
        let right = try expected.euros(for: line.gross, rounding: pack.conversionRounding)
        let applied = try used.euros(for: line.gross, rounding: pack.conversionRounding)
        return LineVerdict(rule: .conversionRate,
                           detail: .conversionRate(used: used, expected: expected, month: month, which: pack.conversionMonth),
                           citation: pack.conversion.citation, ineligible: .rescaled(right: right, applied: applied))
    }

    /// A live foreign line whose rate this rule cannot check, and why.
    package static func unchecked(_ line: borrowing AuditLine, in context: AuditContext) -> UncheckedCheck? {
        guard line.isLive, line.exchangeRate != nil else { return nil }
        let currency = line.currency
        let reason: UncheckedReason
        if let rates = context.rates {
            guard let month = context.conversionMonth(line) else {
                return UncheckedCheck(rule: .conversionRate, place: context.place(line), reason: .monthUnknown(currency: currency))
            }
            guard rates.rate(currency, monthOf: month) == nil else { return nil }
            reason = .noRateForMonth(currency: currency, month: month)
        } else {
            reason = .noRateTable(currency: currency)
        }
        return UncheckedCheck(rule: .conversionRate, place: context.place(line), reason: reason)
    }
}
