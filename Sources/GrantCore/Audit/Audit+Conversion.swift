extension Audit {
    /// `conversion.rate-month`: a non-euro line converted at another rate than the rate table's
    /// for the month the pack names (the month of submission, from the line's import batch, or
    /// of the invoice). The finding is on the amount declared: half an invoice declared carries
    /// half the difference the wrong rate makes on its gross.
    func conversionVerdict(_ line: LedgerLine) throws(MoneyError) -> LineVerdict? {
        guard let rates else { return nil }
        let expenditure = line.line
        guard let used = expenditure.exchangeRate, let month = conversionMonth(line) else { return nil }
        guard let expected = rates.rate(expenditure.currency, monthOf: month), expected != used else { return nil }
        let right = try expected.euros(for: expenditure.gross, rounding: pack.conversionRounding)
        let applied = try used.euros(for: expenditure.gross, rounding: pack.conversionRounding)
        return LineVerdict(rule: .conversionRate,
                           detail: .conversionRate(used: used, expected: expected, month: month, which: pack.conversionMonth),
                           citation: pack.conversion.citation, ineligible: .rescaled(right: right, applied: applied))
    }

    /// The month whose rate converts the line, as the pack says; nil when it is not known (a
    /// line of no import batch under a submission-month pack).
    func conversionMonth(_ line: LedgerLine) -> CalendarDate? {
        guard case .expenditure(_, let batch, _) = line.entry.body else { return nil }
        switch pack.conversionMonth {
        case .submission: return batches[batch]?.submittedOn
        case .invoice: return line.line.invoiceDate
        }
    }
}
