/// Every check an auditor makes on a project's ledger lines held in memory, under its rule
/// pack: the lines made `AuditLine`s and given to the one pass (`AuditPass`), which a folder's
/// reader and a ledger's block reader feed as they read. Pure: the ledger lines and the grant
/// come in, findings go out, in a fixed order (rule by rule, ledger order).
public struct Audit: Sendable {
    public let grant: Grant
    public let pack: RulePack
    /// The expenditure and reversal entries, in ledger order.
    public let lines: [LedgerLine]
    /// The import batches, by number: when each was submitted.
    public let batches: [Int64: ImportBatch]
    /// Monthly exchange rates to check non-euro lines against, when given.
    public let rates: RateTable?
    /// The spend sums when the caller has them already and no lines (see `init`).
    let summedSpend: SpendIndex?

    /// With `spend`, the sums per partner × category × period come from there instead of from
    /// `lines`: a ledger's stored sums, for what needs no line (budget vs actual, the budget's rules).
    public init(grant: Grant, pack: RulePack, lines: [LedgerLine], batches: [Int64: ImportBatch] = [:], rates: RateTable? = nil,
                spend: SpendIndex? = nil) {
        self.summedSpend = spend
        self.grant = grant
        self.pack = pack
        self.lines = lines
        self.batches = batches
        self.rates = rates
    }

    /// Every finding, rule by rule (line rules line by line, under their precedence).
    public func findings() throws(MoneyError) -> [AuditFinding] {
        try pass().findings(spend: summedSpend)
    }

    /// The exchange rates of live foreign lines that `conversion.rate-month` could not check.
    public func uncheckedRates() -> [UncheckedCheck] {
        (try? pass().uncheckedChecks) ?? []
    }

    /// The lines through the pass.
    private func pass() throws(MoneyError) -> AuditPass {
        var partners = grant.partners.map(\.id), categories = grant.costCategories.map(\.id)
        for line in lines {
            if !partners.contains(line.line.partnerID) { partners.append(line.line.partnerID) }
            if !categories.contains(line.line.categoryID) { categories.append(line.line.categoryID) }
        }
        let context = AuditContext(grant: grant, pack: pack, batches: batches, rates: rates, partnerIDs: partners, categoryIDs: categories)
        let partner = Dictionary(uniqueKeysWithValues: partners.enumerated().map { ($1, $0) })
        let category = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        let pass = AuditPass(context)
        for line in lines {
            let (at, of) = (partner[line.line.partnerID]!, category[line.line.categoryID]!)
            try line.withAuditLine(partner: at, category: of) { (audited) throws(MoneyError) in try pass.add(audited) }
        }
        return pass
    }
}

extension LedgerLine {
    /// This entry as the audit reads it, its partner and category at the positions given.
    package func withAuditLine<R>(partner: Int, category: Int,
                                  _ body: (borrowing AuditLine) throws(MoneyError) -> R) throws(MoneyError) -> R {
        var (batch, sourceLine): (Int64, Int?) = (0, nil)
        if case .expenditure(_, let number, let source) = entry.body { (batch, sourceLine) = (number, source) }
        let isReversal = if case .reversal = entry.body { true } else { false }
        let (number, supplier) = (Array(line.invoiceNumber.utf8), Array(line.supplier.utf8))
        return try number.withUnsafeBufferPointer { (number) throws(MoneyError) in
            try supplier.withUnsafeBufferPointer { (supplier) throws(MoneyError) in
                try body(AuditLine(kind: isReversal ? .reversal : .expenditure, entry: entry.sequence, sourceLine: sourceLine, batch: batch,
                                   partner: partner, category: category, periodNumber: periodNumber, invoiceDate: line.invoiceDate,
                                   paymentDate: line.paymentDate, net: line.net, vat: line.vat, gross: line.gross,
                                   exchangeRate: line.exchangeRate, declared: line.declaredEuros, euros: euros, reversed: reversedBy != nil,
                                   certified: certifiedEuros, recordedOn: CalendarDate(text: String(entry.recordedAt.prefix(10))),
                                   invoiceNumber: number, supplier: supplier))
            }
        }
    }
}
