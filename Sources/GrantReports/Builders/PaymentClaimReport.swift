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
            let certified = try input.certified(partnerID: approval.partnerID)
            let claimed = try input.claimed(certified, for: approval)
            let received = try Money.sum(input.payments.filter { $0.partnerID == approval.partnerID }.map(\.amount), currency: .euro)
            let outstanding = try claimed.subtracting(received)
            let rate = try input.grant.programmeRate(of: approval)
            rows.append(ReportRow([.text(input.partnerName(approval.partnerID)), .amount(certified),
                                   .percent(rate?.displayHundredthsOfPercent), .amount(claimed), .amount(received),
                                   .amount(outstanding)]))
            totals = (try totals.certified.adding(certified), try totals.claimed.adding(claimed), try totals.received.adding(received),
                      try totals.outstanding.adding(outstanding))
        }
        rows.append(ReportRow([.text(locale.label("Total")), .amount(totals.certified), .empty, .amount(totals.claimed),
                               .amount(totals.received), .amount(totals.outstanding)], kind: .total))
        return ReportDocument(id: "payment-claim", title: locale.label("Payment claim"), facts: input.facts,
                              sections: [ReportSection(title: nil, table: ReportTable(columns: columns, rows: rows), notes: [
                                  "Claimed = certified × each programme fund's approved amount ÷ the partner's approved total, exactly, "
                                      + "then \(input.pack.fundRounding.phrase) (README: Co-financing of certified amounts).",
                                  "Programme rates are shown rounded half-up to 0.01% for reading; no figure is computed from them.",
                              ])], locale: locale)
    }
}
