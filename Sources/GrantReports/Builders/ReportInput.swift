import GrantCore

/// What every report is built from: the grant, the rule pack, the ledger's money entries, and a
/// fingerprint of the ledger state, so two reports of different states can be told apart.
public struct ReportInput: Sendable {
    public let grant: Grant
    public let pack: RulePack
    /// Expenditure and reversal entries in ledger order, each with its latest control.
    public let lines: [LedgerLine]
    /// E.g. `entry 84, SHA-256 ab16e3b9…` for a ledger.
    public let fingerprint: String
    public let locale: ReportLocale
    /// Programme funds received, for the payment claim.
    public let payments: [PaymentReceived]
    /// The lines' sums per partner × category × period when the source has them already (a
    /// ledger stores them per batch); otherwise they are summed from `lines`.
    private let storedSpend: SpendIndex?
    /// The certified partner reports, as their controls left them, for the project report.
    public let certifiedReports: [ControlledReport]
    /// What the report is restricted to in words (one partner, period or partner report), if it is.
    public let scope: String?

    public init(grant: Grant, pack: RulePack, lines: [LedgerLine], fingerprint: String, locale: ReportLocale, payments: [PaymentReceived] = [],
                spend: SpendIndex? = nil, scope: String? = nil, certifiedReports: [ControlledReport] = []) {
        self.grant = grant
        self.pack = pack
        self.lines = lines
        self.fingerprint = fingerprint
        self.locale = locale
        self.payments = payments
        self.storedSpend = spend
        self.scope = scope
        self.certifiedReports = certifiedReports
    }

    /// Declared and certified spend per partner × category × period.
    public func spend() throws(MoneyError) -> SpendIndex {
        if let storedSpend { return storedSpend }
        return try SpendIndex(lines)
    }

    /// A partner's certified expenditure: the latest controls, net of reversals.
    func certified(partnerID: String) throws(MoneyError) -> Money {
        try Money.sum(lines.filter { $0.line.partnerID == partnerID }.compactMap(\.certifiedEuros), currency: .euro)
    }

    /// The programme funds claimed on `certified` of the partner of `approval`: the same split as
    /// the co-financing statement's, each fund at its exact approved share, rounded as the pack says.
    func claimed(_ certified: Money, for approval: PartnerApproval) throws(MoneyError) -> Money {
        try grant.fundingSplit(of: certified, for: approval, fundRounding: pack.fundRounding).programmeFunds
    }

    /// The facts every report states.
    var facts: [(label: String, value: String)] {
        let project = grant.project
        let periods = grant.reportingPeriods
        // A report of one period gives that period's dates, a whole one the project's.
        let (start, end) = scope == nil || periods.isEmpty ? (project.start, project.end) : (periods.first!.start, periods.last!.end)
        let covered = periods.isEmpty ? "-" : "\(periods.first!.number)–\(periods.last!.number) (\(start) – \(end))"
        return [
            (locale.label("Project"), "\(project.code) \(project.acronym)"),
            (locale.label("Periods"), covered),
        ] + (scope.map { [(locale.label("Scope"), $0)] } ?? []) + [
            (locale.label("Rule pack"), pack.id),
            (locale.label("Ledger state"), fingerprint),
        ]
    }

    func amount(_ money: Money) -> ReportCell { .amount(money) }

    /// `part` as a percentage of `whole`, in hundredths of a percent, rounded half-up; nil when
    /// the whole is zero.
    static func percent(_ part: Money, of whole: Money) -> Int64? {
        guard !whole.isZero else { return nil }
        return Int64(RoundingMode.halfUp.divide(Int128(part.minorUnits) * 10_000, by: Int128(whole.minorUnits)))
    }

    func partnerName(_ id: String) -> String { grant.partner(id).map { "\($0.id) \($0.name)" } ?? id }
}
