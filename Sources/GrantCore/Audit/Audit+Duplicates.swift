extension Audit {
    /// The same invoice declared more than once among live entries: within one import (one
    /// report), across imports by the same partner, or by two partners. Each repeat is reported
    /// once, on the later entry, naming the earlier ones. Flat-rate declarations are no
    /// invoices, so they are left to the flat-rate check.
    func duplicateFindings() throws(MoneyError) -> [AuditFinding] {
        var found: [AuditFinding] = []
        var earlierBySupplierInvoice: [String: [LedgerLine]] = [:]
        let flatRateCategories = Set(pack.flatRates.map(\.category))
        for line in liveExpenditure where !flatRateCategories.contains(line.line.categoryID) {
            let expenditure = line.line
            let key = expenditure.supplier + "\u{1F}" + expenditure.invoiceNumber
            let earlier = earlierBySupplierInvoice[key] ?? []
            earlierBySupplierInvoice[key, default: []].append(line)
            guard !earlier.isEmpty else { continue }
            let samePartner = earlier.filter { $0.line.partnerID == expenditure.partnerID }
            let rule: AuditRule
            let others: [LedgerLine]
            if !samePartner.isEmpty {
                others = samePartner
                rule = samePartner.contains { batch(of: $0) == batch(of: line) } ? .duplicateInReport : .duplicateAcrossReports
            } else {
                others = earlier
                rule = .duplicateAcrossPartners
            }
            found.append(AuditFinding(rule: rule, severity: .error, place: place(line),
                                      amounts: try AuditAmounts(expected: .zero(.euro), found: expenditure.declaredEuros),
                                      detail: .duplicate(invoiceNumber: expenditure.invoiceNumber, supplier: expenditure.supplier,
                                                         earlier: others.map(\.entry.sequence)),
                                      citation: pack.eligibility.citation))
        }
        return found
    }

    private func batch(of line: LedgerLine) -> Int64? {
        if case .expenditure(_, let batch, _) = line.entry.body { return batch }
        return nil
    }
}
