/// Every check an auditor makes on a project's ledger, under its rule pack. Pure: the ledger
/// lines and the grant come in, findings go out, in a fixed order (rule by rule, ledger order).
public struct Audit: Sendable {
    public let grant: Grant
    public let pack: RulePack
    /// The expenditure and reversal entries, in ledger order.
    public let lines: [LedgerLine]
    /// The import batches, by number: when each was submitted.
    public let batches: [Int64: ImportBatch]
    /// Monthly exchange rates to check non-euro lines against, when given.
    public let rates: RateTable?

    /// The expenditure entries no reversal cancels: what is still declared. Found once, since
    /// most checks read them.
    let liveExpenditure: [LedgerLine]
    /// The spend sums when the caller has them already (see `init`).
    let summedSpend: SpendIndex?

    /// With `spend`, the sums per partner × category × period come from there instead of from
    /// `lines`: a caller that screened every line with `LineScreen` and found none a line rule
    /// could flag audits the sums alone, with no lines.
    public init(grant: Grant, pack: RulePack, lines: [LedgerLine], batches: [Int64: ImportBatch] = [:], rates: RateTable? = nil,
                spend: SpendIndex? = nil) {
        self.summedSpend = spend
        self.grant = grant
        self.pack = pack
        self.lines = lines
        self.batches = batches
        self.rates = rates
        self.liveExpenditure = lines.filter { line in
            if case .expenditure = line.entry.body { return line.reversedBy == nil }
            return false
        }
    }

    /// Every finding, rule by rule (line rules line by line, under their precedence).
    public func findings() throws(MoneyError) -> [AuditFinding] {
        var found = try approvedBudgetFindings()
        found += try lineFindings()
        let spend: SpendIndex
        if let summedSpend { spend = summedSpend } else { spend = try SpendIndex(lines) }
        found += try flatRateFindings(spend)
        found += try flexibilityFindings(spend, lineCorrections: found)
        found += try programmeFundsFindings(spend)
        return found
    }

    func place(_ line: LedgerLine) -> AuditPlace {
        var sourceLine: Int?
        if case .expenditure(_, _, let number) = line.entry.body { sourceLine = number }
        return AuditPlace(entry: line.entry.sequence, line: sourceLine, partnerID: line.line.partnerID,
                          categoryID: line.line.categoryID, periodNumber: line.periodNumber)
    }
}
