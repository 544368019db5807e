/// `duplicate.same-report`, `duplicate.across-reports`, `duplicate.across-partners`: the same
/// invoice (`SameInvoice`) declared beyond its gross. The rule names where the earlier parts
/// are: in the same import (report) of the same partner, in an earlier one of the same partner,
/// or only with another partner.
package enum RepeatedInvoiceRule: InvoiceRule {
    package static let definitions = [
        AuditRuleDefinition(id: .duplicateInReport, kind: .invoice, citation: { $0.eligibility.citation },
                            statement: "An invoice is declared at most up to its gross: not twice in one report."),
        AuditRuleDefinition(id: .duplicateAcrossReports, kind: .invoice, citation: { $0.eligibility.citation },
                            statement: "An invoice is declared at most up to its gross: not again in a later report."),
        AuditRuleDefinition(id: .duplicateAcrossPartners, kind: .invoice, citation: { $0.eligibility.citation },
                            statement: "An invoice is declared at most up to its gross: not by two partners."),
    ]

    package static func verdict(_ line: borrowing AuditLine, in context: AuditContext,
                                book: inout InvoiceBook) throws(MoneyError) -> LineVerdict? {
        guard !context.paysFlatRate[line.category], line.declared > .zero(.euro) else { return nil }
        let gross = try context.sameInvoice.grossEuros(line.gross, rate: line.exchangeRate)
        let declaration = InvoiceBook.Declaration(entry: line.entry, partner: Int32(line.partner), batch: line.batch)
        guard let repeated = try book.add(supplier: line.supplier, number: line.invoiceNumber, gross: gross, declared: line.declared,
                                          by: declaration) else { return nil }
        let samePartner = repeated.earlier.filter { $0.partner == declaration.partner }
        let rule: AuditRule = samePartner.isEmpty ? .duplicateAcrossPartners
            : samePartner.contains { $0.batch == declaration.batch } ? .duplicateInReport : .duplicateAcrossReports
        let named = samePartner.isEmpty ? repeated.earlier : samePartner
        return LineVerdict(
            rule: rule,
            detail: .duplicate(invoiceNumber: String(decoding: line.invoiceNumber, as: UTF8.self),
                               supplier: String(decoding: line.supplier, as: UTF8.self), earlier: named.map(\.entry),
                               gross: repeated.gross, declaredParts: repeated.declaredParts),
            citation: context.pack.eligibility.citation, ineligible: .upTo(repeated.excess))
    }
}
