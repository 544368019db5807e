extension Audit {
    /// VAT declared by a partner that can recover it: the declared amount above the net (in
    /// euro, at the line's own rate) is not eligible.
    func vatFindings() throws(MoneyError) -> [AuditFinding] {
        guard pack.eligibility.recoverableVATIneligible else { return [] }
        let recovering = Set(grant.partners.filter(\.vatRecoverable).map(\.id))
        var found: [AuditFinding] = []
        for line in liveExpenditure where recovering.contains(line.line.partnerID) && !line.line.vat.isZero {
            let expenditure = line.line
            let net = try expenditure.exchangeRate.map { (rate) throws(MoneyError) in try rate.euros(for: expenditure.net, rounding: pack.conversionRounding) }
                ?? expenditure.net
            guard expenditure.declaredEuros > net else { continue }
            found.append(AuditFinding(rule: .recoverableVAT, severity: .error, place: place(line),
                                      amounts: try AuditAmounts(expected: net, found: expenditure.declaredEuros),
                                      detail: .recoverableVAT(vat: expenditure.vat), citation: pack.eligibility.citation))
        }
        return found
    }

    /// Non-euro lines converted at another rate than the rate table's for the month the pack
    /// names: the month of submission (from the line's import batch) or of the invoice.
    func conversionFindings() throws(MoneyError) -> [AuditFinding] {
        guard let rates else { return [] }
        var found: [AuditFinding] = []
        for line in liveExpenditure {
            let expenditure = line.line
            guard let used = expenditure.exchangeRate, case .expenditure(_, let batch, _) = line.entry.body else { continue }
            let month: CalendarDate
            switch pack.conversionMonth {
            case .submission:
                guard let submitted = batches[batch]?.submittedOn else { continue }
                month = submitted
            case .invoice:
                month = expenditure.invoiceDate
            }
            guard let expected = rates.rate(expenditure.currency, monthOf: month), expected != used else { continue }
            let right = try expected.euros(for: expenditure.gross, rounding: pack.conversionRounding)
            let applied = try used.euros(for: expenditure.gross, rounding: pack.conversionRounding)
            found.append(AuditFinding(rule: .conversionRate, severity: .error, place: place(line),
                                      amounts: try AuditAmounts(expected: right, found: applied),
                                      detail: .conversionRate(used: used, expected: expected, month: month, which: pack.conversionMonth),
                                      citation: pack.conversion.citation))
        }
        return found
    }
}
