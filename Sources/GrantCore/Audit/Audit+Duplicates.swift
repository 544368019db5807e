extension Audit {
    /// The same invoice declared more than once among live entries: within one import (one
    /// report), across imports by the same partner, or by two partners. Each repeat is reported
    /// once, on the later entry, naming the earlier ones. Flat-rate declarations are no
    /// invoices, so they are left to the flat-rate check.
    func duplicateFindings() throws(MoneyError) -> [AuditFinding] {
        /// What the check keeps of an earlier declaration of an invoice.
        struct Earlier {
            let sequence: Int64
            let partnerID: String
            let batch: Int64
        }
        /// An invoice: its supplier and number.
        struct Invoice: Hashable {
            let supplier: String
            let number: String
        }
        var found: [AuditFinding] = []
        // Most invoices are declared once: their first declaration is kept on its own (one hash,
        // no list per invoice); only repeats build a list.
        var first: [Invoice: Earlier] = [:]
        first.reserveCapacity(liveExpenditure.count)
        var repeats: [Invoice: [Earlier]] = [:]
        let flatRateCategories = Set(pack.flatRates.map(\.category))
        for line in liveExpenditure where !flatRateCategories.contains(line.line.categoryID) {
            let expenditure = line.line
            let batch = Self.batch(of: line.entry)
            let key = Invoice(supplier: expenditure.supplier, number: expenditure.invoiceNumber)
            let current = Earlier(sequence: line.entry.sequence, partnerID: expenditure.partnerID, batch: batch)
            guard let original = first.updateValue(current, forKey: key) else { continue }
            first[key] = original
            let earlier = [original] + (repeats[key] ?? [])
            repeats[key, default: []].append(current)
            let samePartner = earlier.filter { $0.partnerID == expenditure.partnerID }
            let rule: AuditRule
            let others: [Earlier]
            if !samePartner.isEmpty {
                others = samePartner
                rule = samePartner.contains { $0.batch == batch } ? .duplicateInReport : .duplicateAcrossReports
            } else {
                others = earlier
                rule = .duplicateAcrossPartners
            }
            found.append(AuditFinding(rule: rule, severity: .error, place: place(line),
                                      amounts: try AuditAmounts(expected: .zero(.euro), found: expenditure.declaredEuros),
                                      detail: .duplicate(invoiceNumber: expenditure.invoiceNumber, supplier: expenditure.supplier,
                                                         earlier: others.map(\.sequence)),
                                      citation: pack.eligibility.citation))
        }
        return found
    }

    /// The import batch an expenditure entry came in (0 for other entries).
    private static func batch(of entry: LedgerEntry) -> Int64 {
        if case .expenditure(_, let batch, _) = entry.body { return batch }
        return 0
    }
}
