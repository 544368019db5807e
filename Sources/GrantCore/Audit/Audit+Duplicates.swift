extension Audit {
    /// `duplicate.same-report`, `duplicate.across-reports`, `duplicate.across-partners`: the
    /// same invoice (`SameInvoice`) declared beyond its gross, by entry. The rule names where
    /// the earlier parts are: in the same import (report) of the same partner, in an earlier one
    /// of the same partner, or only with another partner.
    func repeatVerdicts() throws(MoneyError) -> [Int64: LineVerdict] {
        let sameInvoice = SameInvoice(conversionRounding: pack.conversionRounding, flatRateCategories: Set(pack.flatRates.map(\.category)))
        var verdicts: [Int64: LineVerdict] = [:]
        for repeated in try sameInvoice.repeats(among: liveExpenditure) {
            let line = repeated.line
            let batch = Self.batch(of: line.entry)
            let samePartner = repeated.earlier.filter { $0.line.partnerID == line.line.partnerID }
            let rule: AuditRule = samePartner.isEmpty ? .duplicateAcrossPartners
                : samePartner.contains { Self.batch(of: $0.entry) == batch } ? .duplicateInReport : .duplicateAcrossReports
            let named = samePartner.isEmpty ? repeated.earlier : samePartner
            verdicts[line.entry.sequence] = LineVerdict(
                rule: rule,
                detail: .duplicate(invoiceNumber: line.line.invoiceNumber, supplier: line.line.supplier,
                                   earlier: named.map(\.entry.sequence),
                                   gross: repeated.gross, declaredParts: repeated.declaredParts),
                citation: pack.eligibility.citation, ineligible: .upTo(repeated.excess))
        }
        return verdicts
    }

    /// The import batch an expenditure entry came in (0 for other entries).
    static func batch(of entry: LedgerEntry) -> Int64 {
        if case .expenditure(_, let batch, _) = entry.body { return batch }
        return 0
    }
}
