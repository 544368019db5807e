import GrantCore

/// What the control report and the control certificate of a partner report are made from: the
/// report as its control sees it, the entry that started the control (its chain head before it
/// is what the seed was made of), the certification if there is one, and the ledger state now.
public struct ControlDocumentInput: Sendable {
    /// The step that certified the report, as its entry and signature record it.
    public struct Certification: Sendable {
        public let entry: Int64
        public let controller: String
        public let recordedAt: String
        public let institution: String
        public let note: String
        /// The controller's Ed25519 public key and signature over the command's entries, in hexadecimal.
        public let publicKey: String?
        public let signature: String?

        public init(entry: Int64, controller: String, recordedAt: String, institution: String, note: String, publicKey: String?,
                    signature: String?) {
            self.entry = entry
            self.controller = controller
            self.recordedAt = recordedAt
            self.institution = institution
            self.note = note
            self.publicKey = publicKey
            self.signature = signature
        }
    }

    public let grant: Grant
    public let pack: RulePack
    public let controlled: ControlledReport
    /// The entry that started the latest control, and the chain head's hash before it.
    public let start: (entry: Int64, controller: String, recordedAt: String, chainHead: [UInt8])
    public let certification: Certification?
    public let fingerprint: String
    public let locale: ReportLocale

    public init(grant: Grant, pack: RulePack, controlled: ControlledReport,
                start: (entry: Int64, controller: String, recordedAt: String, chainHead: [UInt8]),
                certification: Certification?, fingerprint: String, locale: ReportLocale) {
        self.grant = grant
        self.pack = pack
        self.controlled = controlled
        self.start = start
        self.certification = certification
        self.fingerprint = fingerprint
        self.locale = locale
    }

    var name: String { "\(controlled.report.partnerID)/\(controlled.report.number)" }

    var facts: [(label: String, value: String)] {
        let report = controlled.report
        let period = grant.reportingPeriods.first { $0.number == report.periodNumber }
        let partner = grant.partner(report.partnerID).map { "\($0.id) \($0.name)" } ?? report.partnerID
        var facts: [(label: String, value: String)] = [
            (locale.label("Project"), "\(grant.project.code) \(grant.project.acronym)"),
            (locale.label("Partner report"), "\(name), \(partner)"),
            (locale.label("Period"), "\(report.periodNumber)" + (period.map { " (\($0.start) – \($0.end))" } ?? "")),
            (locale.label("State"), report.state.phrase),
            (locale.label("Rule pack"), pack.id),
            (locale.label("Control started"), "entry \(start.entry), \(start.recordedAt), by \(start.controller)"),
        ]
        if let certification {
            facts.append((locale.label("Certified"), "entry \(certification.entry), \(certification.recordedAt), by "
                + "\(certification.controller), \(certification.institution)"))
        }
        facts.append((locale.label("Ledger state"), fingerprint))
        return facts
    }

    func money(_ amount: Money) -> String { locale.amountFormat.format(amount) }
}

/// The control report: the report's figures after control, the sample and how it was drawn,
/// every verdict, each deduction with its code and reason, the parked lines, the flat rates
/// recomputed, and the error projection with its method and every figure.
public enum ControlReportDocument {
    public static func build(_ input: ControlDocumentInput) throws(MoneyError) -> ReportDocument {
        var sections = [figures(input), flatRates(input), try sample(input), try deductions(input), parked(input)].compactMap { $0 }
        if let projection = input.controlled.projection { sections.append(try projectionSection(projection, input)) }
        sections.append(signOff(input))
        return ReportDocument(id: "control-report", title: input.locale.label("Control report") + " \(input.name)",
                              facts: input.facts, sections: sections, locale: input.locale)
    }

    /// Declared = certified + deducted + parked, per cost category and in total.
    static func figures(_ input: ControlDocumentInput) -> ReportSection {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "declared", label: locale.label("Declared"), isNumeric: true),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "deducted", label: locale.label("Deducted"), isNumeric: true),
            ReportColumn(key: "parked", label: locale.label("Parked"), isNumeric: true),
        ]
        let figures = input.controlled.figures
        func row(_ row: ReportControl.Row, label: String, kind: ReportRow.Kind) -> ReportRow {
            ReportRow([.text(label), .amount(row.declared), .amount(row.certified), .amount(row.deducted), .amount(row.parked)], kind: kind)
        }
        let names = Dictionary(uniqueKeysWithValues: input.pack.costCategories.map { ($0.id, $0.name) })
        let rows = figures.rows.map { row($0, label: "\($0.categoryID) \(names[$0.categoryID] ?? "")", kind: .line) }
            + [row(figures.total, label: locale.label("Total"), kind: .total)]
        return ReportSection(title: locale.label("Figures after control"), table: ReportTable(columns: columns, rows: rows), notes: [
            "Declared = certified + deducted + parked, to the cent, in every row. Entries without a verdict are certified "
                + "as declared; the sample stands for them and the error projection says how well.",
        ])
    }

    static func flatRates(_ input: ControlDocumentInput) -> ReportSection? {
        let recomputed = input.controlled.figures.flatRates
        guard !recomputed.isEmpty else { return nil }
        let locale = input.locale
        let columns = [
            ReportColumn(key: "flatRate", label: locale.label("Flat rate"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "declared", label: locale.label("Declared"), isNumeric: true),
            ReportColumn(key: "certifiedBase", label: locale.label("Certified base"), isNumeric: true),
            ReportColumn(key: "parkedBase", label: locale.label("Parked base"), isNumeric: true),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "parked", label: locale.label("Parked"), isNumeric: true),
            ReportColumn(key: "deducted", label: locale.label("Deducted"), isNumeric: true),
        ]
        let rows = recomputed.map {
            ReportRow([.text("\($0.flatRate.id) (\($0.flatRate.rate))"), .amount($0.declared), .amount($0.certifiedBase),
                       .amount($0.parkedBase), .amount($0.certified), .amount($0.parked), .amount($0.deducted)])
        }
        return ReportSection(title: locale.label("Flat rates recomputed"), table: ReportTable(columns: columns, rows: rows), notes: [
            "Certified = rate × certified base, parked = rate × parked base, each rounded down to the cent and at most what "
                + "was declared; the rest, the share of the deductions and every rounding difference, is deducted by control "
                + "(\(DeductionReason.flatRateBase.rawValue)).",
        ])
    }

    /// Every sampled line: why it was taken, the verdict, and what it certifies and deducts.
    static func sample(_ input: ControlDocumentInput) throws(MoneyError) -> ReportSection? {
        guard let sample = input.controlled.sample else { return nil }
        let locale = input.locale
        let columns = [
            ReportColumn(key: "entry", label: locale.label("Entry"), isNumeric: true),
            ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false, minimumWidth: 9),
            ReportColumn(key: "invoice", label: locale.label("Invoice"), isNumeric: false, minimumWidth: 8),
            ReportColumn(key: "declared", label: locale.label("Declared"), isNumeric: true),
            ReportColumn(key: "takenBy", label: locale.label("Taken by"), isNumeric: false, minimumWidth: 16),
            ReportColumn(key: "verdict", label: locale.label("Verdict"), isNumeric: false),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "deducted", label: locale.label("Deducted"), isNumeric: true),
        ]
        var why: [Int64: String] = [:]
        for (line, rule) in sample.risk { why[line.entry] = "risk: " + rule.sentence }
        for drawn in sample.draw.drawn {
            why[drawn.line.entry] = drawn.exhaustive ? "monetary unit, at least one interval"
                : "monetary unit, \(drawn.hits) \(drawn.hits == 1 ? "unit" : "units")"
        }
        var rows: [ReportRow] = []
        var totals = (declared: Money.zero(.euro), certified: Money.zero(.euro), deducted: Money.zero(.euro))
        for line in input.controlled.lines {
            let sequence = line.entry.sequence
            guard let taken = why[sequence] else { continue }
            let verdict = input.controlled.verdicts[sequence]?.control
            let declared = line.line.declaredEuros
            let certified = verdict.flatMap { $0.parked ? nil : $0.certified }
            let deducted = try verdict.flatMap { (control) throws(MoneyError) in
                control.parked ? nil : try declared.subtracting(control.certified) }
            let phrase = verdict.map { $0.parked ? "parked" : $0.reason.map { "deducted: \($0.rawValue)" } ?? "certified" } ?? "pending"
            rows.append(ReportRow([.number(sequence), .text(line.line.categoryID), .text(line.line.invoiceNumber), .amount(declared),
                                   .text(taken), .text(phrase), certified.map(ReportCell.amount) ?? .empty,
                                   deducted.map(ReportCell.amount) ?? .empty]))
            totals = (try totals.declared.adding(declared), try totals.certified.adding(certified ?? .zero(.euro)),
                      try totals.deducted.adding(deducted ?? .zero(.euro)))
        }
        rows.append(ReportRow([.text(locale.label("Total")), .empty, .empty, .amount(totals.declared), .empty, .empty,
                               .amount(totals.certified), .amount(totals.deducted)], kind: .total))
        let draw = sample.draw
        let terms = input.controlled.report.sampling!.terms
        return ReportSection(title: locale.label("Sample"), table: ReportTable(columns: columns, rows: rows), notes: [
            "Taken on risk: " + input.pack.control.riskRules.map(\.sentence).joined(separator: "; ") + ".",
            "Then by monetary unit from the \(draw.lineCount) other lines above zero (\(input.money(draw.bookValue)) EUR): "
                + "\(terms.confidence.label) confidence, \(terms.tolerable) tolerable error, "
                + "n = ⌈\(factor(terms.confidence.factor(errors: 0))) ÷ "
                + "\(terms.tolerable)⌉ = \(MonetaryUnitSample.size(confidence: terms.confidence, tolerable: terms.tolerable)) units"
                + (draw.census ? ", at least the number of lines: every line is examined." : ", interval \(input.money(draw.bookValue)) ÷ "
                    + "\(draw.size) = \(input.money(draw.intervalForDisplay)) EUR (shown rounded; the draw uses the fraction), first unit "
                    + "at cent \(draw.start); unit k is start + ⌊k × book value ÷ n⌋ cents into the lines in ledger order."),
            "Seed: SHA-256 of \"grantledger control sample\\n\", the chain head before entry \(input.start.entry) "
                + "(\(input.start.chainHead.hexadecimal)), and \"\\n\(input.controlled.report.partnerID)\\n"
                + "\(input.controlled.report.number)\\n\" = \(sample.seed.hexadecimal); the start is its first eight bytes as a "
                + "whole number modulo ⌊book value ÷ n⌋. Anyone holding the ledger draws the same sample "
                + "('grantledger verify' checks the seed).",
        ])
    }

    static func deductions(_ input: ControlDocumentInput) throws(MoneyError) -> ReportSection? {
        let locale = input.locale
        var rows: [ReportRow] = []
        var total = Money.zero(.euro)
        for line in input.controlled.lines {
            guard let control = input.controlled.verdicts[line.entry.sequence]?.control, !control.parked, let reason = control.reason else {
                continue
            }
            let deducted = try line.line.declaredEuros.subtracting(control.certified)
            let phrase = input.pack.control.errorType(reason)?.phrase ?? reason.phrase
            rows.append(ReportRow([.number(line.entry.sequence), .text(reason.rawValue), .text(phrase), .text(control.note),
                                   .amount(deducted)]))
            total = try total.adding(deducted)
        }
        guard !rows.isEmpty else { return nil }
        rows.append(ReportRow([.text(locale.label("Total")), .empty, .empty, .empty, .amount(total)], kind: .total))
        let columns = [
            ReportColumn(key: "entry", label: locale.label("Entry"), isNumeric: true),
            ReportColumn(key: "code", label: locale.label("Code"), isNumeric: false, minimumWidth: 10),
            ReportColumn(key: "error", label: locale.label("Error"), isNumeric: false, minimumWidth: 16),
            ReportColumn(key: "note", label: locale.label("Note"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "deducted", label: locale.label("Deducted"), isNumeric: true),
        ]
        return ReportSection(title: locale.label("Deductions"), table: ReportTable(columns: columns, rows: rows),
                             notes: ["Codes of the \(input.pack.id) typology of errors; flat-rate deductions are in the flat-rate table."])
    }

    static func parked(_ input: ControlDocumentInput) -> ReportSection? {
        let locale = input.locale
        let lines = input.controlled.lines.filter { input.controlled.verdicts[$0.entry.sequence]?.control.parked == true }
        guard !lines.isEmpty else { return nil }
        let columns = [
            ReportColumn(key: "entry", label: locale.label("Entry"), isNumeric: true),
            ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false, minimumWidth: 9),
            ReportColumn(key: "note", label: locale.label("Note"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "parked", label: locale.label("Parked"), isNumeric: true),
        ]
        var rows = lines.map { line in
            ReportRow([.number(line.entry.sequence), .text(line.line.categoryID),
                       .text(input.controlled.verdicts[line.entry.sequence]!.control.note), .amount(line.line.declaredEuros)])
        }
        let total = (try? Money.sum(lines.map(\.line.declaredEuros), currency: .euro)) ?? .zero(.euro)
        rows.append(ReportRow([.text(locale.label("Total")), .empty, .empty, .amount(total)], kind: .total))
        return ReportSection(title: locale.label("Parked"), table: ReportTable(columns: columns, rows: rows),
                             notes: ["Neither certified nor deducted now: included again in the partner's next report and "
                                + "taken into its sample on risk."])
    }

    /// The projection, figure by figure, with how each is computed.
    static func projectionSection(_ projection: ErrorProjection, _ input: ControlDocumentInput) throws(MoneyError) -> ReportSection {
        let locale = input.locale
        let draw = projection.sample
        var rows: [ReportRow] = []
        func add(_ figure: String, _ amount: Money?, _ working: String) {
            rows.append(ReportRow([.text(figure), amount.map(ReportCell.amount) ?? .empty, .text(working)]))
        }
        add("Book value of the population", draw.bookValue, "\(draw.lineCount) lines drawn from by monetary unit")
        add("Sampling interval", draw.intervalForDisplay, "book value ÷ \(draw.size), shown rounded")
        for (rank, tainted) in projection.tainted.enumerated() {
            let tainting = Ratio(tainted.error, of: tainted.book).map { locale.percent($0.displayHundredthsOfPercent) } ?? "-"
            add("Error \(rank + 1): entry \(tainted.entry)", tainted.projected,
                "\(input.money(tainted.error)) of \(input.money(tainted.book)) = tainting \(tainting); × interval, rounded up")
            add("  its allowance", tainted.allowance, "tainting × interval × \(factor(tainted.factorStep)) (factor step), rounded up")
        }
        add("Errors counted as they are", projection.actualErrors, "lines taken on risk and lines of at least one interval")
        add("Projected error", projection.projectedError, "the projected taintings + the errors counted as they are")
        add("Basic precision", projection.basicPrecision, draw.census ? "every line examined: nothing to project"
            : "\(factor(draw.confidence.factor(errors: 0))) × interval, rounded up")
        add("Upper error limit", projection.upperLimit, "basic precision + the allowances + the errors counted as they are")
        add("Declared", projection.declaredTotal, "the report's declared total")
        add("Materiality threshold", projection.materiality, "\(projection.materialityRate) × declared, rounded down")
        let verdict = projection.belowMateriality
            ? "The upper error limit is at or below the materiality threshold: the report is not materially misstated at "
                + "\(draw.confidence.label) confidence."
            : "The upper error limit exceeds the materiality threshold: the report may be materially misstated; extend the "
                + "sample or deduct the projected error."
        add("Verdict", nil, projection.belowMateriality ? "below materiality" : "above materiality")
        let columns = [
            ReportColumn(key: "figure", label: locale.label("Figure"), isNumeric: false, minimumWidth: 16),
            ReportColumn(key: "amount", label: locale.label("Amount"), isNumeric: true),
            ReportColumn(key: "working", label: locale.label("How"), isNumeric: false, minimumWidth: 20),
        ]
        return ReportSection(title: locale.label("Error projection"), table: ReportTable(columns: columns, rows: rows), notes: [
            "Monetary-unit sampling with the cell bound of Stringer: each error in a drawn line is a tainting (error ÷ book) "
                + "of one sampling interval; the upper limit weighs the taintings, largest first, by the steps of the Poisson "
                + "reliability factors at \(draw.confidence.label) (" + draw.confidence.factorHundredths.prefix(4).map(factor)
                .joined(separator: ", ") + " …). Every figure is exact until it is rounded up to the cent, once.",
            "Projected error rate: \(locale.percent(projection.errorRateHundredthsOfPercent)) of declared. " + verdict,
        ])
    }

    static func signOff(_ input: ControlDocumentInput) -> ReportSection {
        let locale = input.locale
        var rows: [ReportRow] = []
        if let certification = input.certification {
            rows = [
                ReportRow([.text("Controller"), .text(certification.controller)]),
                ReportRow([.text("Institution"), .text(certification.institution)]),
                ReportRow([.text("Date"), .text(certification.recordedAt)]),
                ReportRow([.text("Ledger entry"), .text("\(certification.entry)")]),
                ReportRow([.text("Public key"), .text(certification.publicKey ?? "unsigned")]),
                ReportRow([.text("Signature"), .text(certification.signature ?? "unsigned")]),
            ]
        } else {
            rows = [ReportRow([.text("Certification"), .text("not certified yet: the report is \(input.controlled.report.state.phrase)")])]
        }
        let columns = [
            ReportColumn(key: "item", label: locale.label("Item"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "value", label: locale.label("Value"), isNumeric: false, minimumWidth: 20),
        ]
        return ReportSection(title: locale.label("Sign-off"), table: ReportTable(columns: columns, rows: rows), notes: [
            "The signature is Ed25519 over the chain head after the certifying command's entries; 'grantledger verify' checks it.",
            "Signed: ______________________________    Date: ______________    Stamp:",
        ])
    }

    /// A reliability factor or factor step in hundredths, as `3.00`.
    static func factor(_ hundredths: Int64) -> String {
        "\(hundredths / 100)." + String(repeating: "0", count: hundredths % 100 < 10 ? 1 : 0) + "\(hundredths % 100)"
    }
}

/// The control certificate: the controller's statement that the partner report was verified,
/// the figures certified per category, the sample and projection in a sentence each, and the
/// signature block.
public enum ControlCertificateDocument {
    public static func build(_ input: ControlDocumentInput) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let total = input.controlled.figures.total
        var statement = [
            "I certify that the expenditure of partner report \(input.name) was verified under \(input.pack.name) "
                + "(\(input.pack.control.citation)): of \(input.money(total.declared)) EUR declared, "
                + "\(input.money(total.certified)) EUR is certified as eligible, \(input.money(total.deducted)) EUR deducted and "
                + "\(input.money(total.parked)) EUR parked for the partner's next report.",
        ]
        if let sample = input.controlled.sample, let projection = input.controlled.projection {
            statement.append("Sample: \(sample.risk.count) lines on risk and \(sample.draw.drawn.count) by monetary unit "
                + "(\(projection.sample.confidence.label) confidence, \(input.controlled.report.sampling!.terms.tolerable) tolerable "
                + "error); upper error limit \(input.money(projection.upperLimit)) EUR against a materiality threshold of "
                + "\(input.money(projection.materiality)) EUR: "
                + (projection.belowMateriality ? "below materiality." : "above materiality."))
        }
        if input.certification == nil {
            statement.append("DRAFT: the report is \(input.controlled.report.state.phrase), not certified.")
        }
        let figures = ControlReportDocument.figures(input)
        return ReportDocument(id: "control-certificate", title: locale.label("Control certificate") + " \(input.name)",
                              facts: input.facts,
                              sections: [ReportSection(title: figures.title, table: figures.table, notes: statement),
                                         ControlReportDocument.signOff(input)],
                              locale: locale)
    }
}
