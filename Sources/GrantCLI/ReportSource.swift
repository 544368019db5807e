import GrantCore
import GrantReports
import GrantStore

/// Where reports and audits take a project from: a ledger database, or a project folder's
/// files read as the ledger would record them.
struct ReportSource {
    let grant: Grant
    let pack: RulePack
    let lines: [LedgerLine]
    let batches: [Int64: ImportBatch]
    let rates: RateTable?
    /// Tells two ledger states apart: the chain head, or for a folder the SHA-256 of its project
    /// definition and of every input file, each named.
    var fingerprint: String {
        if let chainHead { return chainHead }
        var inputs = Array("definition \(grant.definitionHash)\n".utf8)
        for (file, digest) in inputDigests {
            inputs += Array("\(file.split(separator: "/").last ?? "") \(digest.hexadecimal)\n".utf8)
        }
        return "folder inputs, SHA-256 \(SHA256.hash(inputs).hexadecimal)"
    }
    /// Each folder input file's SHA-256 (none for a ledger, or when the folder was read for a check).
    var inputDigests: [(file: String, sha256: [UInt8])] = []
    /// The ledger's chain head in words, for a ledger source.
    let chainHead: String?
    /// Folder lines naming unknown partners, categories or periods (a ledger has none).
    let unknownReferences: [AuditFinding]
    /// Programme funds received.
    var payments: [PaymentReceived] = []
    /// The spend sums, when read without the lines.
    var spend: SpendIndex?
    /// The entries those sums add up, when read without the lines.
    var summedEntries = 0
    /// The audit made as the lines were read, for a folder read without them.
    var auditPass: AuditPass?
    /// Streams a ledger's lines through an audit, for a ledger read without them; the entries given.
    var streamLines: ((AuditPass) throws(CLIError) -> Int)?
    /// What reports are restricted to (`--partner`, `--period`, `--report`); the audit is always the whole project's.
    var scope = ReportScope()
    /// The certified partner reports (a ledger's; a folder has none), for the project report.
    var certifiedReports: [ControlledReport] = []

    /// The expenditure and reversal entries audited: the lines, or the entries behind the sums.
    var entryCount: Int { spend != nil && lines.isEmpty ? summedEntries : lines.count }

    /// What a command reads: every line; only the sums per partner × category × period (enough
    /// for budget vs actual; a ledger's are read without touching every line); or the sums and
    /// the audit, made as the lines stream past, none of them kept.
    enum Need {
        case lines, sums, audit
    }

    /// The ledger's project (`--db`, `--project`), under `--rules` or its own pack.
    static func ledger(_ parsed: Arguments, session: Session, command: String, need: Need = .lines) throws(CLIError) -> ReportSource {
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: command)
        let grant = try LedgerAccess.run { () throws(StoreError) in try store.grant(code) }
        let lines = need != .lines ? []
            : try LedgerAccess.run { () throws(StoreError) in try store.ledgerLines(projectCode: code, filter: .init()) }
        let spend = need == .lines ? nil : try LedgerAccess.run { () throws(StoreError) in try store.spendIndex(projectCode: code) }
        let batches = try LedgerAccess.run { () throws(StoreError) in try store.importBatches(code) }
        let state = try LedgerAccess.ledgerState(store, signed: true)
        let payments = try LedgerAccess.run { () throws(StoreError) in try store.payments(code) }
        // The rates given, else those the imports recorded.
        let recorded = try LedgerAccess.run { () throws(StoreError) in try store.recordedRates(code) }
        let rates = try ImportCommand.rateTable(parsed) ?? recorded
        var source = ReportSource(grant: grant, pack: try pack(parsed, default: grant.programme.rulePack, command: command), lines: lines,
                                  batches: batches, rates: rates, chainHead: state, unknownReferences: [], payments: payments, spend: spend)
        if need == .audit {
            source.streamLines = { (pass) throws(CLIError) in
                try LedgerAccess.run { () throws(StoreError) in try store.audit(projectCode: code, into: pass) }
            }
        }
        return source
    }

    /// A project folder with its expenditure files (see `FolderExpenditure`).
    /// Reports state the folder's fingerprint, so they read it `fingerprinted` (a check does not need to).
    /// With `need` `.sums` or `.audit`, the lines are summed (and audited) as they are read, and not kept.
    static func folder(_ folder: String, rulePack: RulePack?, fingerprinted: Bool = true, need: Need = .lines,
                       located: @escaping (String) -> String = { $0 }) throws(CLIError) -> ReportSource {
        let grant = try ProjectFolder.read(folder, located: located)
        let pack = rulePack ?? grant.programme.rulePack
        let auditing = need == .lines ? nil : (grant.under(pack), pack, need == .audit)
        let ledger = try FolderExpenditure.read(folder, grant: grant, digesting: fingerprinted, auditing: auditing,
                                                keepLines: need == .lines, located: located)
        var source = ReportSource(grant: grant, pack: pack, lines: ledger?.lines ?? [], batches: ledger?.batches ?? [:],
                                  rates: ledger?.rates, inputDigests: ledger?.inputDigests ?? [], chainHead: nil,
                                  unknownReferences: ledger?.unknownReferences ?? [], payments: ledger?.payments ?? [])
        if need != .lines {
            let pass = ledger?.audit ?? AuditPass(AuditContext(grant: grant.under(pack), pack: pack, batches: [:], rates: nil))
            if need == .audit { source.auditPass = pass }
            source.spend = try CLIError.withMoney(folder) { () throws(MoneyError) in try pass.spend() }
            source.summedEntries = ledger?.entries ?? 0
        }
        return source
    }

    private static func pack(_ parsed: Arguments, default pack: RulePack, command: String) throws(CLIError) -> RulePack {
        guard let value = parsed.value("rules") else { return pack }
        return try RulePackOption.resolve(value, command: command)
    }

    /// The audit of this source, as `check` shows it.
    func audit() throws(CLIError) -> AuditReport {
        let effective = grant.under(pack)
        if let (pass, entries) = try streamedAudit(effective) {
            let findings = try unknownReferences
                + CLIError.withMoney(grant.project.code) { () throws(MoneyError) in try pass.findings() }
            return AuditReport(grant: effective, pack: pack, findings: findings, entriesChecked: entries,
                               unchecked: pass.uncheckedChecks, ledgerState: chainHead)
        }
        let check = Audit(grant: effective, pack: pack, lines: lines, batches: batches, rates: rates, spend: spend)
        let findings = try unknownReferences + CLIError.withMoney(grant.project.code) { () throws(MoneyError) in try check.findings() }
        return AuditReport(grant: effective, pack: pack, findings: findings, entriesChecked: entryCount, unchecked: check.uncheckedRates(),
                           ledgerState: chainHead)
    }

    /// The report of kind `kind` in `locale`.
    func document(_ kind: ReportKind, locale: ReportLocale) throws(CLIError) -> ReportDocument {
        let input = scope.isWhole
            ? ReportInput(grant: grant, pack: pack, lines: lines, fingerprint: fingerprint, locale: locale, payments: payments,
                          spend: spend, certifiedReports: certifiedReports)
            : ReportInput(grant: grant.scoped(partnerID: scope.partnerID, periodNumber: scope.periodNumber), pack: pack,
                          lines: lines.filter(scope.includes), fingerprint: fingerprint, locale: locale,
                          payments: payments.filter { payment in scope.partnerID.map { $0 == payment.partnerID } ?? true },
                          spend: scope.entries == nil ? spend?.scoped(partnerID: scope.partnerID, periodNumber: scope.periodNumber) : nil,
                          scope: scope.description,
                          certifiedReports: certifiedReports.filter { scope.includes($0.report) })
        let audit = kind == .findings ? scope.includes(try auditForReport()) : nil
        return try CLIError.withMoney(grant.project.code) { () throws(MoneyError) in
            switch kind {
            case .budgetVsActual: try BudgetVsActualReport.build(input)
            case .coFinancing: try CoFinancingStatement.build(input)
            case .expenditure: try ExpenditureListReport.build(input)
            case .paymentClaim: try PaymentClaimReport.build(input)
            case .projectReport: try ProjectReport.build(input)
            case .findings: FindingsReport.build(input, audit: audit!)
            }
        }
    }

    /// The forecast `grantledger forecast` makes by default (with --what-if and --backtest), or
    /// nil for a project of one period.
    func defaultForecast(locale: ReportLocale = .en) throws(CLIError) -> ReportDocument? {
        let periods = grant.reportingPeriods.count
        guard periods >= 2 else { return nil }
        let asOf = try CLIError.withMoney(grant.project.code) { () throws(MoneyError) in
            let summed: SpendIndex
            if let stored = spend { summed = stored } else { summed = try SpendIndex(lines) }
            return try Forecast.defaultAsOf(spend: summed, periods: periods)
        }
        let input = ReportInput(grant: grant, pack: pack, lines: lines, fingerprint: fingerprint, locale: locale, payments: payments)
        return try CLIError.withMoney(grant.project.code) { () throws(MoneyError) in
            try ForecastReport.build(input, asOf: asOf, method: .executionAdjusted, options: .init(whatIf: true, backtest: true))
        }
    }

    /// The audit made as the lines were read (a folder's), or made now by streaming a ledger's
    /// lines through it, with the entries it read; nil for a source that holds its lines.
    private func streamedAudit(_ grant: Grant) throws(CLIError) -> (AuditPass, Int)? {
        if let auditPass { return (auditPass, entryCount) }
        guard let streamLines else { return nil }
        let pass = AuditPass(AuditContext(grant: grant, pack: pack, batches: batches, rates: rates))
        return (pass, try streamLines(pass))
    }

    private func auditForReport() throws(CLIError) -> AuditReport {
        if let (pass, entries) = try streamedAudit(grant) {
            let findings = try CLIError.withMoney(grant.project.code) { () throws(MoneyError) in try pass.findings() }
            return AuditReport(grant: grant, pack: pack, findings: unknownReferences + findings, entriesChecked: entries,
                               unchecked: pass.uncheckedChecks)
        }
        let check = Audit(grant: grant, pack: pack, lines: lines, batches: batches, rates: rates, spend: spend)
        let findings = try CLIError.withMoney(grant.project.code) { () throws(MoneyError) in try check.findings() }
        return AuditReport(grant: grant, pack: pack, findings: unknownReferences + findings, entriesChecked: entryCount,
                           unchecked: check.uncheckedRates())
    }
}

/// The reports `grantledger report` makes.
enum ReportKind: String, CaseIterable {
    case budgetVsActual = "budget-vs-actual"
    case coFinancing = "co-financing"
    case expenditure
    case paymentClaim = "payment-claim"
    case projectReport = "project-report"

    /// The kinds a project folder makes: all but the project report, which gathers a ledger's partner reports.
    static let ofFolders = allCases.filter { $0 != .projectReport }
    case findings
}

/// What a report is restricted to: one partner, one period, or the lines of one partner report
/// (its partner's, posted in its period or re-included in it). Totals are those of what is shown.
struct ReportScope {
    var partnerID: String?
    var periodNumber: Int?
    /// A partner report's name (`PP2/1`) and the entries it holds.
    var report: (name: String, entries: Set<Int64>)?

    var entries: Set<Int64>? { report?.entries }
    var isWhole: Bool { partnerID == nil && periodNumber == nil && report == nil }

    var description: String {
        if let report { return "partner report \(report.name)" }
        return [partnerID.map { "partner \($0)" }, periodNumber.map { "period \($0)" }].compactMap { $0 }.joined(separator: ", ")
    }

    func includes(_ report: PartnerReportBook.Report) -> Bool {
        if let name = self.report?.name { return name == "\(report.partnerID)/\(report.number)" }
        return (partnerID.map { $0 == report.partnerID } ?? true) && (periodNumber.map { $0 == report.periodNumber } ?? true)
    }

    func includes(_ line: LedgerLine) -> Bool {
        if let entries { return entries.contains(line.entry.sequence) }
        return (partnerID.map { $0 == line.line.partnerID } ?? true) && (periodNumber.map { $0 == line.periodNumber } ?? true)
    }

    /// The findings of what the scope shows: those placed on its entries, partner or period.
    func includes(_ audit: AuditReport) -> AuditReport {
        guard !isWhole else { return audit }
        let kept = audit.findings.filter { finding in
            let place = finding.place
            if let entries, let entry = place.entry { return entries.contains(entry) }
            return (partnerID.map { $0 == place.partnerID } ?? true) && (periodNumber.map { $0 == place.periodNumber } ?? true)
        }
        return AuditReport(grant: audit.grant, pack: audit.pack, findings: kept, entriesChecked: audit.entriesChecked,
                           unchecked: audit.unchecked, ledgerState: audit.ledgerState)
    }
}
