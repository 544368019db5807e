import GrantCore

/// The list of expenditure (a partner report's invoice table): every entry with its dates,
/// amounts, currency, rate, certified and deducted amounts; totals from the rows shown.
public enum ExpenditureListReport {
    public static func build(_ input: ReportInput) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "entry", label: locale.label("Entry"), isNumeric: true),
            ReportColumn(key: "period", label: locale.label("Period"), isNumeric: true),
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false),
            ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false, minimumWidth: 9),
            ReportColumn(key: "invoice", label: locale.label("Invoice"), isNumeric: false, minimumWidth: 8),
            ReportColumn(key: "supplier", label: locale.label("Supplier"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "invoiceDate", label: locale.label("Invoice date"), isNumeric: false, minimumWidth: 10),
            ReportColumn(key: "paymentDate", label: locale.label("Payment date"), isNumeric: false, minimumWidth: 10),
            ReportColumn(key: "currency", label: locale.label("Currency"), isNumeric: false),
            ReportColumn(key: "gross", label: locale.label("Gross"), isNumeric: true),
            ReportColumn(key: "rate", label: locale.label("Rate"), isNumeric: true),
            ReportColumn(key: "declared", label: locale.label("Declared"), isNumeric: true),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "deducted", label: locale.label("Deducted"), isNumeric: true),
            ReportColumn(key: "reason", label: locale.label("Reason"), isNumeric: false, minimumWidth: 8),
        ]
        var rows: [ReportRow] = []
        var declared = Money.zero(.euro)
        var certified = Money.zero(.euro)
        var deducted = Money.zero(.euro)
        for line in input.lines {
            let expenditure = line.line
            let certifiedCell: ReportCell
            var deductedCell = ReportCell.empty
            var reason = ""
            if let amount = line.certifiedShown {
                certifiedCell = .amount(amount)
                let cut = try line.euros.subtracting(amount)
                deductedCell = .amount(cut)
                deducted = try deducted.adding(cut)
                certified = try certified.adding(amount)
                reason = line.control?.control.reason?.rawValue ?? ""
            } else {
                certifiedCell = .empty
            }
            if case .reversal(let original, _, _, _) = line.entry.body { reason = "reverses \(original)" }
            declared = try declared.adding(line.euros)
            rows.append(ReportRow([
                .number(line.entry.sequence), .number(Int64(line.periodNumber)), .text(expenditure.partnerID), .text(expenditure.categoryID),
                .text(expenditure.invoiceNumber), .text(expenditure.supplier), .text(expenditure.invoiceDate.description),
                .text(expenditure.paymentDate?.description ?? ""), .text(expenditure.currency.code), .amount(expenditure.gross),
                expenditure.exchangeRate.map(ReportCell.rate) ?? .empty, .amount(line.euros), certifiedCell, deductedCell, .text(reason),
            ]))
        }
        rows.append(ReportRow([.text(locale.label("Total")), .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty, .empty,
                               .empty, .amount(declared), .amount(certified), .amount(deducted), .empty], kind: .total))
        return ReportDocument(id: "expenditure", title: locale.label("List of expenditure"), facts: input.facts,
                              sections: [ReportSection(title: nil, table: ReportTable(columns: columns, rows: rows))], locale: locale)
    }
}
