/// A partner report as its control sees it: the lines it holds (those of its partner posted in
/// its period, and those the partner's previous report parked), the controller's verdicts given
/// while its latest control was open, the sample drawn when that control started, the figures
/// after control, and the error projected from the sample. Everything follows from the ledger,
/// so anyone holding it draws the same sample and reaches the same figures.
public struct ControlledReport: Sendable {
    public let report: PartnerReportBook.Report
    /// The report's lines in ledger order: expenditure entries and reversals posted in its
    /// period, then the lines re-included from the previous report.
    public let lines: [LedgerLine]
    /// The entries parked in the partner's previous report and included again in this one.
    public let reincluded: Set<Int64>
    /// The verdicts given while the latest control was open, the latest per entry.
    public let verdicts: [Int64: (sequence: Int64, control: Control)]
    /// The sample of the latest control (nil before a control starts).
    public let sample: ControlSample?
    /// The figures after control: lines without a verdict count as certified as declared.
    public let figures: ReportControl
    /// The error projected from the sample (nil before a control starts).
    public let projection: ErrorProjection?

    /// The report `report` of `book`, from the partner's `lines` and every control of them
    /// (`controls`, in ledger order), under `pack`, for a project of `projectTotal`.
    public init(_ report: PartnerReportBook.Report, book: PartnerReportBook, lines partnerLines: [LedgerLine],
                controls: [(sequence: Int64, control: Control)], pack: RulePack, projectTotal: Money) throws(MoneyError) {
        self.report = report
        let parkedBefore = Self.parkedInPrevious(report, book: book, lines: partnerLines, controls: controls)
        var lines = partnerLines.filter { $0.periodNumber == report.periodNumber && !parkedBefore.contains($0.entry.sequence) }
        lines += partnerLines.filter { parkedBefore.contains($0.entry.sequence) }
        self.lines = lines
        reincluded = parkedBefore
        let verdicts = Self.verdicts(report, lines: lines, controls: controls)
        self.verdicts = verdicts
        let declared = Dictionary(uniqueKeysWithValues: lines.map { ($0.entry.sequence, $0.euros) })
        figures = try ReportControl(lines: lines.map { ReportControl.Line(entry: $0.entry.sequence, categoryID: $0.line.categoryID,
                                                                         declared: $0.euros) },
                                    controls: verdicts.mapValues { Self.lineControl($0.control, declared: declared[$0.control.entry]) },
                                    flatRates: pack.flatRates, categoryIDs: pack.costCategories.map(\.id))
        guard let terms = report.sampling?.terms else {
            (sample, projection) = (nil, nil)
            return
        }
        let sample = try ControlSample(lines: try Self.sampleLines(lines, reincluded: parkedBefore, pack: pack),
                                       rules: pack.control.riskRules, projectTotal: projectTotal, confidence: terms.confidence,
                                       tolerable: terms.tolerable, seed: terms.seed)
        self.sample = sample
        let errors = try Self.deductions(verdicts, declared: declared)
        let riskErrors = try Money.sum(sample.risk.compactMap { errors[$0.line.entry] }, currency: .euro)
        projection = try ErrorProjection(sample: sample.draw, errors: errors, riskErrors: riskErrors,
                                         declaredTotal: figures.total.declared, materialityRate: pack.control.materiality)
    }

    /// The sampled entries without a verdict yet, in report order.
    public var undecided: [Int64] {
        guard let sample else { return [] }
        let sampled = sample.entries
        return lines.map(\.entry.sequence).filter { sampled.contains($0) && verdicts[$0] == nil }
    }

    /// The lines whose verdict parks them: re-included in the partner's next report.
    public var parked: [Int64] {
        lines.map(\.entry.sequence).filter { verdicts[$0]?.control.parked == true }
    }

    /// The lines a sample is drawn from: live expenditure (neither reversed nor a reversal) in
    /// categories paid on real costs; a flat rate is recomputed on its base, not sampled.
    static func sampleLines(_ lines: [LedgerLine], reincluded: Set<Int64>, pack: RulePack) throws(MoneyError) -> [ControlSample.Line] {
        let flat = Set(pack.flatRates.map(\.category))
        var sampled: [ControlSample.Line] = []
        for line in lines where line.reversedBy == nil && !flat.contains(line.line.categoryID) {
            guard case .expenditure = line.entry.body else { continue }
            let gross = try line.line.exchangeRate.map { (rate) throws(MoneyError) in
                try rate.euros(for: line.line.gross, rounding: pack.conversionRounding)
            } ?? line.line.gross
            sampled.append(ControlSample.Line(entry: line.entry.sequence, categoryID: line.line.categoryID,
                                              declared: line.line.declaredEuros, invoiceGross: gross,
                                              hasVAT: !line.line.vat.isZero, reincluded: reincluded.contains(line.entry.sequence)))
        }
        return sampled
    }

    /// The entries the partner's previous report (by number) parked when it was controlled.
    private static func parkedInPrevious(_ report: PartnerReportBook.Report, book: PartnerReportBook, lines: [LedgerLine],
                                         controls: [(sequence: Int64, control: Control)]) -> Set<Int64> {
        guard report.number > 1, let previous = book.report(partner: report.partnerID, number: report.number - 1) else { return [] }
        let carried = parkedInPrevious(previous, book: book, lines: lines, controls: controls)
        let held = lines.filter { $0.periodNumber == previous.periodNumber || carried.contains($0.entry.sequence) }
        return Set(verdicts(previous, lines: held, controls: controls).filter { $0.value.control.parked }.keys)
    }

    /// The latest verdict on each of `lines` given between the report's latest start of control
    /// and the step that closed it, its certification or a reopening (if it is closed).
    private static func verdicts(_ report: PartnerReportBook.Report, lines: [LedgerLine],
                                 controls: [(sequence: Int64, control: Control)]) -> [Int64: (sequence: Int64, control: Control)] {
        guard let start = report.sampling?.sequence else { return [:] }
        // The next step closes the control: its certification, or a reopening before it.
        let end = report.steps.first { $0.sequence > start }?.sequence ?? Int64.max
        let held = Set(lines.map(\.entry.sequence))
        var verdicts: [Int64: (sequence: Int64, control: Control)] = [:]
        for (sequence, control) in controls where sequence > start && sequence < end && held.contains(control.entry) {
            verdicts[control.entry] = (sequence, control)
        }
        return verdicts
    }

    /// A verdict as the report's figures take it.
    private static func lineControl(_ control: Control, declared: Money?) -> LineControl {
        if control.parked { return .parked(note: control.note) }
        guard let declared, let deducted = try? declared.subtracting(control.certified), !deducted.isZero else { return .certified }
        return .deducted(amount: deducted, reason: control.reason ?? .flatRateBase, note: control.note)
    }

    /// What each line was found wrong by: declared − certified, for verdicts that deduct.
    private static func deductions(_ verdicts: [Int64: (sequence: Int64, control: Control)],
                                   declared: [Int64: Money]) throws(MoneyError) -> [Int64: Money] {
        var errors: [Int64: Money] = [:]
        for (entry, verdict) in verdicts where !verdict.control.parked {
            guard let amount = declared[entry] else { continue }
            let error = try amount.subtracting(verdict.control.certified)
            if error.minorUnits > 0 { errors[entry] = error }
        }
        return errors
    }
}
