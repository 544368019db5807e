import GrantCore

/// The project report: the lead partner's gathering of the certified partner reports, their
/// figures after control per report and per cost category, and the payment claim on them.
public enum ProjectReport {
    public static func build(_ input: ReportInput) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let reports = input.certifiedReports
        let figureColumns = [
            ReportColumn(key: "declared", label: locale.label("Declared"), isNumeric: true),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "deducted", label: locale.label("Deducted"), isNumeric: true),
            ReportColumn(key: "parked", label: locale.label("Parked"), isNumeric: true),
        ]
        func cells(_ row: ReportControl.Row) -> [ReportCell] {
            [.amount(row.declared), .amount(row.certified), .amount(row.deducted), .amount(row.parked)]
        }
        let totals = try ReportControl.Row.sum(reports.map(\.figures.total), categoryID: "")
        var rows = reports.map { report in
            ReportRow([.text("\(report.report.partnerID)/\(report.report.number)"), .number(Int64(report.report.periodNumber))]
                + cells(report.figures.total))
        }
        rows.append(ReportRow([.text(locale.label("Total")), .empty] + cells(totals), kind: .total))
        let byReport = ReportSection(
            title: locale.label("Certified partner reports"),
            table: ReportTable(columns: [ReportColumn(key: "report", label: locale.label("Partner report"), isNumeric: false),
                                         ReportColumn(key: "period", label: locale.label("Period"), isNumeric: true)] + figureColumns,
                               rows: rows),
            notes: reports.isEmpty ? ["No partner report is certified yet."]
                : ["Each report's figures after its control (grantledger control report PARTNER/N): declared = certified + "
                    + "deducted + parked. Entries certified outside partner reports are not in this report."])
        var categoryRows: [ReportRow] = []
        for category in input.pack.costCategories {
            let rows = reports.flatMap { $0.figures.rows.filter { $0.categoryID == category.id } }
            guard !rows.isEmpty else { continue }
            categoryRows.append(ReportRow([.text("\(category.id) \(category.name)")] + cells(try ReportControl.Row.sum(rows, categoryID: category.id))))
        }
        categoryRows.append(ReportRow([.text(locale.label("Total"))] + cells(totals), kind: .total))
        let byCategory = ReportSection(
            title: locale.label("By cost category"),
            table: ReportTable(columns: [ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false,
                                                      minimumWidth: 12)] + figureColumns, rows: categoryRows))
        return ReportDocument(id: "project-report", title: locale.label("Project report"), facts: input.facts,
                              sections: [byReport, byCategory, try claim(input)], locale: locale)
    }

    /// The payment claim on the certified reports: per partner, what they certify and the programme funds on it.
    private static func claim(_ input: ReportInput) throws(MoneyError) -> ReportSection {
        let locale = input.locale
        var rows: [ReportRow] = []
        var totals = (certified: Money.zero(.euro), claimed: Money.zero(.euro), received: Money.zero(.euro))
        for approval in input.grant.approvals {
            let reports = input.certifiedReports.filter { $0.report.partnerID == approval.partnerID }
            let certified = try Money.sum(reports.map(\.figures.total.certified), currency: .euro)
            let claimed = try input.claimed(certified, for: approval)
            let received = try Money.sum(input.payments.filter { $0.partnerID == approval.partnerID }.map(\.amount), currency: .euro)
            rows.append(ReportRow([.text(input.partnerName(approval.partnerID)), .number(Int64(reports.count)), .amount(certified),
                                   .amount(claimed), .amount(received), .amount(try claimed.subtracting(received))]))
            totals = (try totals.certified.adding(certified), try totals.claimed.adding(claimed), try totals.received.adding(received))
        }
        rows.append(ReportRow([.text(locale.label("Total")), .number(Int64(input.certifiedReports.count)), .amount(totals.certified),
                               .amount(totals.claimed), .amount(totals.received), .amount(try totals.claimed.subtracting(totals.received))],
                              kind: .total))
        let columns = [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "reports", label: locale.label("Reports"), isNumeric: true),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "claimed", label: locale.label("Claimed"), isNumeric: true),
            ReportColumn(key: "received", label: locale.label("Received"), isNumeric: true),
            ReportColumn(key: "outstanding", label: locale.label("Outstanding"), isNumeric: true),
        ]
        return ReportSection(title: locale.label("Payment claim"), table: ReportTable(columns: columns, rows: rows), notes: [
            "Claimed = certified × each programme fund's approved amount ÷ the partner's approved total, exactly, then "
                + "\(input.pack.fundRounding.phrase), as in the payment claim report.",
        ])
    }
}
