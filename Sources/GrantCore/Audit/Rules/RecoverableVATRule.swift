/// `eligibility.recoverable-vat`: VAT declared by a partner that can recover it. Only the net is
/// eligible, in euro at the right rate: the rate table's for the month the pack names when the
/// line's own rate is not that one, else the line's; what is declared above the net is not.
package enum RecoverableVATRule: LineRule {
    package static let definition = AuditRuleDefinition(
        id: .recoverableVAT, kind: .line, citation: { $0.eligibility.citation },
        statement: "VAT a partner can recover is not eligible: only the net is.")

    package static func verdict(_ line: borrowing AuditLine, in context: AuditContext) throws(MoneyError) -> LineVerdict? {
        let pack = context.pack
        guard pack.eligibility.recoverableVATIneligible, !line.vat.isZero, context.recoversVAT[line.partner] else { return nil }
        var net = line.net
        if let used = line.exchangeRate {
            let currency = line.currency
            let right = context.conversionMonth(line).flatMap { context.rates?.rate(currency, monthOf: $0) } ?? used
            net = try right.euros(for: line.net, rounding: pack.conversionRounding)
        }
        guard line.declared > net else { return nil }
        return LineVerdict(rule: .recoverableVAT, detail: .recoverableVAT(vat: line.vat, net: net), citation: pack.eligibility.citation,
                           ineligible: .above(net))
    }
}
