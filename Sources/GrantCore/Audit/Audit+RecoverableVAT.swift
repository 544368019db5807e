extension Audit {
    /// `eligibility.recoverable-vat`: VAT declared by a partner that can recover it. Only the
    /// net is eligible, in euro at the right rate: the rate table's for the month the pack
    /// names when the line's own rate is not that one, else the line's; what is declared above
    /// the net is not eligible.
    func recoverableVATVerdict(_ line: LedgerLine) throws(MoneyError) -> LineVerdict? {
        let expenditure = line.line
        guard pack.eligibility.recoverableVATIneligible, !expenditure.vat.isZero,
              grant.partner(expenditure.partnerID)?.vatRecoverable == true else { return nil }
        var net = expenditure.net
        if let used = expenditure.exchangeRate {
            let right = conversionMonth(line).flatMap { rates?.rate(expenditure.currency, monthOf: $0) } ?? used
            net = try right.euros(for: expenditure.net, rounding: pack.conversionRounding)
        }
        guard expenditure.declaredEuros > net else { return nil }
        return LineVerdict(rule: .recoverableVAT, detail: .recoverableVAT(vat: expenditure.vat, net: net),
                           citation: pack.eligibility.citation, ineligible: .above(net))
    }
}
