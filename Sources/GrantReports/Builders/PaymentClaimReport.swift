import GrantCore

/// The payment claim: each partner's certified eligible expenditure times its programme rate
/// (approved programme funds over approved total, rounded as the pack says), the programme
/// funds received so far, and what is outstanding.
public enum PaymentClaimReport {
    public static func build(_ input: ReportInput) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "rate", label: locale.label("Programme rate"), isNumeric: true),
            ReportColumn(key: "claimed", label: locale.label("Claimed"), isNumeric: true),
            ReportColumn(key: "received", label: locale.label("Received"), isNumeric: true),
            ReportColumn(key: "outstanding", label: locale.label("Outstanding"), isNumeric: true),
        ]
        var rows: [ReportRow] = []
        var totals = (certified: Money.zero(.euro), claimed: Money.zero(.euro), received: Money.zero(.euro), outstanding: Money.zero(.euro))
        for approval in input.grant.approvals {
            let approved = try input.grant.programmeFunds(of: approval)
            let certified = try Money.sum(input.lines.filter { $0.line.partnerID == approval.partnerID }.compactMap(\.certifiedEuros), currency: .euro)
            // The programme rate exactly as approved; the claim is certified × rate, rounded as the pack rounds fund amounts.
            let claimed = approval.total.isZero ? Money.zero(.euro) : try Money(checkedRatio: certified, times: approved, over: approval.total,
                                                                                 rounding: input.pack.fundRounding)
            let received = try Money.sum(input.payments.filter { $0.partnerID == approval.partnerID }.map(\.amount), currency: .euro)
            let outstanding = try claimed.subtracting(received)
            rows.append(ReportRow([.text(input.partnerName(approval.partnerID)), .amount(certified),
                                   .percent(ReportInput.percent(approved, of: approval.total)), .amount(claimed), .amount(received),
                                   .amount(outstanding)]))
            totals = (try totals.certified.adding(certified), try totals.claimed.adding(claimed), try totals.received.adding(received),
                      try totals.outstanding.adding(outstanding))
        }
        rows.append(ReportRow([.text(locale.label("Total")), .amount(totals.certified), .empty, .amount(totals.claimed),
                               .amount(totals.received), .amount(totals.outstanding)], kind: .total))
        return ReportDocument(id: "payment-claim", title: locale.label("Payment claim"), facts: input.facts,
                              sections: [ReportSection(title: nil, table: ReportTable(columns: columns, rows: rows), notes: [
                                  "Claimed = certified × the partner's approved programme funds ÷ its approved total, \(input.pack.fundRounding.phrase).",
                              ])], locale: locale)
    }
}

extension Money {
    /// `amount × numerator ÷ denominator` in 128 bits, rounded as `rounding` says: a share at an
    /// exact ratio, with no rate rounded on the way.
    init(checkedRatio amount: Money, times numerator: Money, over denominator: Money, rounding: RoundingMode) throws(MoneyError) {
        let product = Int128(amount.minorUnits) * Int128(numerator.minorUnits)
        let value = rounding.divide(product, by: Int128(denominator.minorUnits))
        guard value > Int128(Int64.min), value <= Int128(Int64.max) else { throw .overflow(operation: "claim") }
        self = try Money(minorUnits: Int64(value), currency: amount.currency)
    }
}
