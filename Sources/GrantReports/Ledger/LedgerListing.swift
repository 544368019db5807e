import GrantCore

/// The content of `grantledger ledger`: money entries with their totals.
public struct LedgerListing: Sendable {
    public let projectCode: String
    /// The filter in words, for the heading (`partner PP2, period 3`), or empty.
    public let filterDescription: String
    public let lines: [LedgerLine]
    /// The ledger state listed (`entry N, SHA-256 …`), stated at the foot of the text.
    public let chainHead: String?

    public init(projectCode: String, filterDescription: String, lines: [LedgerLine], chainHead: String? = nil) {
        self.projectCode = projectCode
        self.filterDescription = filterDescription
        self.lines = lines
        self.chainHead = chainHead
    }

    /// Totals of the listed entries: declared by expenditure entries, reversed, and the net.
    public func totals() throws(MoneyError) -> (declared: Money, reversed: Money, net: Money) {
        var declared = Money.zero(.euro)
        var reversed = Money.zero(.euro)
        for line in lines {
            if case .reversal = line.entry.body { reversed = try reversed.adding(line.euros) } else { declared = try declared.adding(line.euros) }
        }
        return (declared, reversed, try declared.adding(reversed))
    }

    /// The listing as 132-column text.
    public func text() throws(MoneyError) -> String {
        let format = AmountFormat.en
        var output = "Ledger of \(projectCode)" + (filterDescription.isEmpty ? "" : ": \(filterDescription)") + "\n\n"
        let widths = [7, 4, 8, 10, 16, 24, 11, 4, 14, 10, 14, 14]
        func row(_ cells: [String], note: String) -> String {
            var text = ""
            for (index, (cell, width)) in zip(cells, widths).enumerated() {
                let rightAligned = index == 0 || index == 1 || index >= 8
                text += (rightAligned ? TextLayout.right(cell, width) : TextLayout.left(cell, width)) + " "
            }
            return text + note + "\n"
        }
        output += row(["Entry", "Per", "Partner", "Category", "Invoice", "Supplier", "Inv. date", "Cur", "Gross", "Rate", "EUR", "Certified"], note: "Note")
        for line in lines {
            let expenditure = line.line
            let note: String
            switch line.entry.body {
            case .reversal(let original, let reason, _, _): note = "reverses \(original): \(reason)"
            default:
                if let reversal = line.reversedBy {
                    note = "reversed by \(reversal)"
                } else if let control = line.control, let reason = control.control.reason {
                    note = "deducted (\(control.sequence)): \(reason.phrase)" + (control.control.note.isEmpty ? "" : "; \(control.control.note)")
                } else {
                    note = expenditure.description
                }
            }
            output += row([String(line.entry.sequence), String(line.periodNumber), expenditure.partnerID, expenditure.categoryID,
                           expenditure.invoiceNumber, expenditure.supplier, expenditure.invoiceDate.description, expenditure.currency.code,
                           format.format(expenditure.gross), expenditure.exchangeRate?.description ?? "", format.format(line.euros),
                           line.certifiedShown.map(format.format) ?? "-"], note: note)
        }
        let totals = try totals()
        let reversals = lines.filter { if case .reversal = $0.entry.body { true } else { false } }.count
        output += "\n\(lines.count - reversals) expenditure entr\(lines.count - reversals == 1 ? "y" : "ies") declaring \(format.format(totals.declared)) EUR; "
        output += "\(reversals) reversal\(reversals == 1 ? "" : "s") of \(format.format(totals.reversed)) EUR; net \(format.format(totals.net)) EUR.\n"
        let certified = try Money.sum(lines.compactMap(\.certifiedShown), currency: .euro)
        let open = lines.filter { $0.certifiedEuros == nil }.count
        output += "Certified: \(format.format(certified)) EUR; \(open == 0 ? "every entry is controlled" : "\(open) expenditure entr\(open == 1 ? "y" : "ies") still to control").\n"
        if let chainHead { output += "Chain head: \(chainHead)\n" }
        return output
    }

    /// The listing as CSV (RFC 4180), one row per entry, amounts with a decimal point.
    public func csv() -> String {
        var writer = CSVWriter()
        writer.row(["entry", "kind", "period", "partner", "category", "invoice_number", "supplier", "invoice_date", "payment_date",
                    "currency", "net", "vat", "gross", "exchange_rate", "amount_eur", "certified_eur", "deduction_reason", "reverses", "reversed_by", "reason",
                    "description", "document"])
        let format = AmountFormat.plain
        for line in lines {
            let expenditure = line.line
            var reverses = ""
            var reason = ""
            if case .reversal(let original, let why, _, _) = line.entry.body {
                reverses = String(original)
                reason = why
            }
            writer.row([.number(String(line.entry.sequence)), .text(line.entry.body.kind), .number(String(line.periodNumber)),
                        .text(expenditure.partnerID), .text(expenditure.categoryID), .text(expenditure.invoiceNumber),
                        .text(expenditure.supplier),
                        .text(expenditure.invoiceDate.description), .text(expenditure.paymentDate?.description ?? ""),
                        .text(expenditure.currency.code), .number(format.format(expenditure.net)), .number(format.format(expenditure.vat)),
                        .number(format.format(expenditure.gross)), .number(expenditure.exchangeRate?.description ?? ""),
                        .number(format.format(line.euros)), .number(line.certifiedShown.map(format.format) ?? ""),
                        .text(line.control?.control.reason?.rawValue ?? ""), .number(reverses),
                        .number(line.reversedBy.map(String.init) ?? ""),
                        .text(reason), .text(expenditure.description), .text(expenditure.documentReference)])
        }
        return writer.text
    }
}
