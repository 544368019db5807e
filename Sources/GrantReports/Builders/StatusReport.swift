import GrantCore

/// What `grantledger status` shows besides the money: the partner reports, the closed periods,
/// and whether the chain verifies.
public struct ProjectStatus: Sendable {
    /// Each partner report's name and state, e.g. `("PP2/1", .certified)`, in the order opened.
    public let reports: [(partnerID: String, name: String, state: PartnerReportState)]
    public let closedPeriods: [Int]
    /// The chain head in words (entry and SHA-256).
    public let chainHead: String
    /// Nil when the chain verifies; else the number of mismatches and the first entry that does not match.
    public let verificationFailure: (mismatches: Int, firstEntry: Int64?)?

    public init(reports: [(partnerID: String, name: String, state: PartnerReportState)], closedPeriods: [Int], chainHead: String,
                verificationFailure: (mismatches: Int, firstEntry: Int64?)?) {
        self.reports = reports
        self.closedPeriods = closedPeriods
        self.chainHead = chainHead
        self.verificationFailure = verificationFailure
    }
}

/// The project on one screen: per partner and in total, budget, declared, certified, claimed
/// (the programme funds on what is certified), received, absorption (certified ÷ budget), open
/// findings and partner reports; then the closed periods and the chain head with whether it verifies.
public enum StatusReport {
    public static func build(_ input: ReportInput, findings: [AuditFinding], status: ProjectStatus) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "budget", label: locale.label("Budget"), isNumeric: true),
            ReportColumn(key: "declared", label: locale.label("Declared"), isNumeric: true),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "claimed", label: locale.label("Claimed"), isNumeric: true),
            ReportColumn(key: "received", label: locale.label("Received"), isNumeric: true),
            ReportColumn(key: "absorption", label: locale.label("Absorption"), isNumeric: true),
            ReportColumn(key: "findings", label: locale.label("Open findings"), isNumeric: true),
            ReportColumn(key: "reports", label: locale.label("Partner reports"), isNumeric: false, minimumWidth: 14),
        ]
        let spend = try input.spend()
        let open = findings.filter { $0.severity != .note }
        var rows: [ReportRow] = []
        var total = (budget: Money.zero(.euro), declared: Money.zero(.euro), certified: Money.zero(.euro), claimed: Money.zero(.euro),
                     received: Money.zero(.euro), findings: Int64(0))
        for approval in input.grant.approvals {
            let id = approval.partnerID
            let sums = try spend.sums(partnerID: id)
            let claimed = try input.claimed(sums.certified, for: approval)
            let received = try Money.sum(input.payments.filter { $0.partnerID == id }.map(\.amount), currency: .euro)
            let count = Int64(open.filter { $0.place.partnerID == id }.count)
            let reports = status.reports.filter { $0.partnerID == id }.map { "\($0.name) \($0.state.phrase)" }
            rows.append(ReportRow([.text(id), .amount(approval.total), .amount(sums.declared), .amount(sums.certified),
                                   .amount(claimed), .amount(received), .percent(ReportInput.percent(sums.certified, of: approval.total)),
                                   .number(count), .text(reports.isEmpty ? "-" : reports.joined(separator: ", "))]))
            total = (try total.budget.adding(approval.total), try total.declared.adding(sums.declared),
                     try total.certified.adding(sums.certified), try total.claimed.adding(claimed), try total.received.adding(received),
                     total.findings + count)
        }
        let projectWide = Int64(open.filter { $0.place.partnerID == nil }.count)
        if projectWide > 0 {
            rows.append(ReportRow([.text(locale.label("Project-wide")), .empty, .empty, .empty, .empty, .empty, .empty,
                                   .number(projectWide), .empty]))
        }
        rows.append(ReportRow([.text(locale.label("Total")), .amount(total.budget), .amount(total.declared), .amount(total.certified),
                               .amount(total.claimed), .amount(total.received),
                               .percent(ReportInput.percent(total.certified, of: total.budget)), .number(total.findings + projectWide),
                               .text("\(status.reports.count)")], kind: .total))
        let periods = input.grant.reportingPeriods.count
        let closed = status.closedPeriods.isEmpty ? "none" : status.closedPeriods.map(String.init).joined(separator: ", ")
        let verified = status.verificationFailure.map { failure in
            "does NOT verify: \(failure.mismatches) mismatch\(failure.mismatches == 1 ? "" : "es")"
                + (failure.firstEntry.map { ", the first at entry \($0)" } ?? "") + "; run 'grantledger verify'"
        } ?? "verifies (every hash, link, total and signature)"
        return ReportDocument(id: "status", title: locale.label("Status"), facts: input.facts, sections: [
            ReportSection(title: nil, table: ReportTable(columns: columns, rows: rows), notes: [
                "Claimed: the programme funds on what is certified, at each partner's approved shares, "
                    + "\(input.pack.fundRounding.phrase). Absorption: certified ÷ budget. Open findings: errors and warnings of "
                    + "'grantledger check'.",
                "Closed periods: \(closed) (of \(periods)).",
                "Chain head: \(status.chainHead); it \(verified).",
            ]),
        ], locale: locale)
    }
}
