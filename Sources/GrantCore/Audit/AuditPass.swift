/// The audit in one pass over a stream of lines: every rule of `AuditRegistry`, line rules on
/// each line as it comes, the invoice rule on the invoice book, the aggregate rules on the sums
/// once the last line is in. What it keeps grows with the distinct invoices and cells, and with
/// what it finds, not with the lines. Pure: lines in, findings out, in a fixed order (the
/// approved budget's, then the lines' in their order, then the aggregates' rule by rule).
package final class AuditPass {
    package let context: AuditContext
    // The state below is touched only by the thread feeding the pass, one line at a time:
    // unchecked exclusivity spares each access a runtime check.
    @exclusivity(unchecked) private var book = InvoiceBook()
    @exclusivity(unchecked) private var lineFindings: [AuditFinding] = []
    @exclusivity(unchecked) private var unchecked: [UncheckedCheck] = []
    /// The cells of the grant's partners, categories and period numbers, in one flat table
    /// (`cellIndex`); a ledger's lines that name others go to `otherCells`.
    @exclusivity(unchecked) private var cells: [CellSums]
    @exclusivity(unchecked) private var otherCells: [CellKey: CellSums] = [:]
    private let periodLimit: Int
    @exclusivity(unchecked) private var flatRateLines: [AuditTotals.FlatRateLine] = []
    /// The entries added.
    @exclusivity(unchecked) package private(set) var entries = 0

    struct CellKey: Hashable {
        let partner: Int32, category: Int32, period: Int32
    }

    struct CellSums {
        var declared: Int64 = 0, certified: Int64 = 0, entries = 0, certifiedEntries = 0
    }

    /// Whether the rules are applied; a pass for the sums alone (budget vs actual) only adds up.
    private let applyingRules: Bool

    /// Makes room for about `lines` lines to come (at most `Limits.expectedLinesMax`): memory for
    /// as many distinct invoices, taken once.
    package func expect(lines: Int) {
        guard applyingRules else { return }
        book.reserve(invoices: min(max(lines, 0), Limits.expectedLinesMax))
    }

    package init(_ context: AuditContext, applyingRules: Bool = true) {
        self.context = context
        self.applyingRules = applyingRules
        periodLimit = (context.grant.reportingPeriods.map(\.number).max() ?? 0) + 1
        let count = context.grant.partners.count * context.grant.costCategories.count * periodLimit
        cells = [CellSums](repeating: CellSums(), count: count <= 1 << 22 ? count : 0)
    }

    /// The position of a cell in `cells`, or nil for one outside it.
    private func cellIndex(_ key: CellKey) -> Int? {
        let (partners, categories) = (context.grant.partners.count, context.grant.costCategories.count)
        guard !cells.isEmpty, key.partner < partners, key.category < categories, key.period >= 0, key.period < periodLimit else {
            return nil
        }
        return (Int(key.partner) * categories + Int(key.category)) * periodLimit + Int(key.period)
    }

    /// Every cell with an entry, with its key.
    private var everyCell: [(CellKey, CellSums)] {
        let (categories, limit) = (context.grant.costCategories.count, periodLimit)
        var found = Array(otherCells)
        for (index, cell) in cells.enumerated() where cell.entries > 0 {
            let key = CellKey(partner: Int32(index / (categories * limit)), category: Int32(index / limit % categories),
                              period: Int32(index % limit))
            found.append((key, cell))
        }
        return found
    }

    /// Notes the day batch `batch` was submitted, for its lines still to come (a folder's batches
    /// are known file by file).
    package func submitted(batch: Int64, on day: CalendarDate) {
        context.submitted[batch] = day
    }

    /// Adds the next entry of the ledger (or folder), in ledger order.
    package func add(_ line: borrowing AuditLine) throws(MoneyError) {
        entries += 1
        try sum(line)
        guard applyingRules, line.isLive else { return }
        var verdicts: [LineVerdict] = []
        for rule in AuditRegistry.lineRules {
            if let verdict = try rule.verdict(line, in: context) { verdicts.append(verdict) }
        }
        for rule in AuditRegistry.invoiceRules {
            if let verdict = try rule.verdict(line, in: context, book: &book) { verdicts.append(verdict) }
        }
        if !verdicts.isEmpty { lineFindings += try carry(verdicts, on: line) }
        if let check = ConversionRateRule.unchecked(line, in: context) { unchecked.append(check) }
        if let rate = context.flatRates[line.category], let certified = line.certified {
            flatRateLines.append(.init(place: context.place(line), rate: rate, certified: certified))
        }
    }

    private func sum(_ line: borrowing AuditLine) throws(MoneyError) {
        let key = CellKey(partner: Int32(line.partner), category: Int32(line.category), period: Int32(line.periodNumber))
        let index = cellIndex(key)
        var cell = index.map { cells[$0] } ?? otherCells[key] ?? CellSums()
        cell.declared = try Self.add(cell.declared, line.euros.minorUnits)
        if let certified = line.certified {
            cell.certified = try Self.add(cell.certified, certified.minorUnits)
            cell.certifiedEntries += 1
        }
        cell.entries += 1
        if let index { cells[index] = cell } else { otherCells[key] = cell }
    }

    private static func add(_ sum: Int64, _ amount: Int64) throws(MoneyError) -> Int64 {
        let (total, overflow) = sum.addingReportingOverflow(amount)
        guard !overflow, total != Int64.min else { throw .overflow(operation: "add") }
        return total
    }

    /// The findings of `verdicts` on `line`, each on what the ones before it left.
    private func carry(_ verdicts: [LineVerdict], on line: borrowing AuditLine) throws(MoneyError) -> [AuditFinding] {
        let declared = line.declared
        var remaining = declared
        var found: [AuditFinding] = []
        for verdict in verdicts {
            let ineligible = try verdict.ineligible.amount(of: remaining)
            // A conversion that understates the amount is still a wrong rate, but nothing is over-claimed.
            let correction = max(ineligible, .zero(.euro))
            found.append(AuditFinding(rule: verdict.rule, severity: .error, place: context.place(line),
                                      amounts: try AuditAmounts(expected: remaining.subtracting(ineligible), found: remaining),
                                      detail: verdict.detail, citation: verdict.citation, correction: correction,
                                      takenBeforeOnLine: try declared.subtracting(remaining)))
            remaining = try remaining.subtracting(correction)
        }
        return found
    }

    /// The sums per partner × category × period of every entry added.
    package func spend() throws(MoneyError) -> SpendIndex {
        var sums: [SpendIndex.Key: SpendIndex.Sums] = [:]
        for (key, cell) in everyCell {
            let index = SpendIndex.Key(partnerID: context.partnerIDs[Int(key.partner)], categoryID: context.categoryIDs[Int(key.category)],
                                       periodNumber: Int(key.period))
            sums[index] = SpendIndex.Sums(declared: try Money(minorUnits: cell.declared, currency: .euro),
                                          certified: try Money(minorUnits: cell.certified, currency: .euro), entries: cell.entries)
        }
        return SpendIndex(sums: sums)
    }

    /// Every finding, once the last line is in; the aggregates on `spend` when given (sums a
    /// ledger keeps, for a reading of no lines), else on the lines' sums.
    package func findings(spend given: SpendIndex? = nil) throws(MoneyError) -> [AuditFinding] {
        precondition(applyingRules, "A pass for the sums alone has no findings")
        var controlled: [SpendIndex.Key: AuditTotals.Controlled] = [:]
        for (key, cell) in everyCell {
            controlled[SpendIndex.Key(partnerID: context.partnerIDs[Int(key.partner)], categoryID: context.categoryIDs[Int(key.category)],
                                      periodNumber: Int(key.period))] =
                .init(entries: cell.entries, certifiedEntries: cell.certifiedEntries,
                      certified: try Money(minorUnits: cell.certified, currency: .euro))
        }
        let sums: SpendIndex
        if let given { sums = given } else { sums = try spend() }
        let totals = AuditTotals(context: context, spend: sums, flatRateLines: flatRateLines, controlled: controlled)
        var found: [AuditFinding] = []
        for rule in AuditRegistry.budgetRules { found += try rule.findings(totals, earlier: found) }
        found += lineFindings
        for rule in AuditRegistry.aggregateRules { found += try rule.findings(totals, earlier: found) }
        return found
    }

    /// The checks that could not be made, by rule and line.
    package var uncheckedChecks: [UncheckedCheck] { unchecked }
}

/// What the aggregate rules read once every line is in.
package struct AuditTotals {
    /// A live flat-rate line that a controller certified, for its recomputation.
    package struct FlatRateLine {
        package let place: AuditPlace
        package let rate: FlatRate
        package let certified: Money
    }

    package let context: AuditContext
    package let spend: SpendIndex
    package let flatRateLines: [FlatRateLine]
    /// The entries of a cell, how many of them are certified (or cancel out), and the certified sum.
    package struct Controlled {
        package let entries: Int
        package let certifiedEntries: Int
        package let certified: Money
    }

    /// Each cell's entries and what of them is certified, from the lines read.
    package let controlled: [SpendIndex.Key: Controlled]

    package var grant: Grant { context.grant }
    package var pack: RulePack { context.pack }
}
