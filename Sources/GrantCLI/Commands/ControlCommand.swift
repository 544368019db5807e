import GrantCore
import GrantReports
import GrantStore

/// `grantledger control start|certify|report|certificate`: a controller's control of a partner report.
struct ControlCommand {
    static let name = "control"

    static let help = """
    Usage: grantledger control start PARTNER/N [--confidence 90|95|99] [--tolerable PCT] [--note TEXT]
           grantledger control certify PARTNER/N --institution TEXT [--note TEXT]
           grantledger control report PARTNER/N [--format text|csv|html|json|pdf] [--output FILE]
           grantledger control certificate PARTNER/N [--format text|csv|html|json|pdf] [--output FILE]
                       [--project CODE] [--db PATH|URI] [--author NAME]

    The first-level control of a submitted partner report, by the partner's controller:

      start        draws the sample and puts the report in control. The rule pack's risk rules
                   take their lines (e.g. every staff-cost line, every line above an amount,
                   re-included lines); a monetary-unit draw takes the rest, its size from the
                   confidence and tolerable error (the pack's unless given), its seed the
                   SHA-256 of the chain head at this moment, recorded in the ledger: anyone
                   holding the ledger draws the same sample, and it cannot be drawn again
                   without a new signed start (after a reopening). Prints the sample.
      certify      certifies the report once each sampled entry has a verdict
                   (grantledger certify ENTRY [--deduct EUR --reason CODE | --park]): the other
                   entries are certified as declared, flat rates recomputed on the certified
                   base and rounded down, and the certification signed with --institution.
      report       the control report: figures after control, the sample and how it was drawn,
                   verdicts, deductions with their codes, parked entries, the error projection
                   with every figure, the chain head and the controller's signature
      certificate  the control certificate: the statement, the figures certified and the
                   sign-off block (marked DRAFT until the report is certified)

    Options:
      --confidence 90|95|99   start: the draw's confidence level (default: the pack's)
      --tolerable PCT         start: the tolerable error, a percentage, e.g. 2 (default: the pack's)
      --institution TEXT      certify: the controlling institution, as the certificate names it
      --note TEXT             start, certify: a note recorded with the step
      --format, --output, --locale, --width, --excel   report, certificate: as for 'grantledger report'
      --project CODE          the project (default: the ledger's only project)
    \(LedgerAccess.optionsHelp)
      --help                  show this help

    Exit status: 0 done; 2 bad usage or refused (the reason is printed); 3 the output cannot be
    written; 4 database failure.

    Example:
      grantledger control start LP/1
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: LedgerAccess.options.union(["confidence", "tolerable", "note", "institution", "project",
                                                                        "format", "output", "locale", "width"]),
                                   flagNames: ["excel"])
        guard let action = parsed.positionals.first, ["start", "certify", "report", "certificate"].contains(action) else {
            throw .usage("control needs an action: start, certify, report or certificate", command: name)
        }
        guard parsed.positionals.count == 2 else { throw .usage("control \(action) takes one report, e.g. LP/1", command: name) }
        let (partner, number) = try PartnerReportCommand.reference(parsed.positionals[1])
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        switch action {
        case "start": return try start(partner, number, code, store, parsed, session)
        case "certify": return try certify(partner, number, code, store, parsed, session)
        default:
            let input = try documentInput(partner, number, code, store, locale: try RenderOptions(parsed, command: name).locale)
            let document = try CLIError.withMoney(code) { () throws(MoneyError) in
                action == "report" ? try ControlReportDocument.build(input) : try ControlCertificateDocument.build(input)
            }
            try RenderOptions(parsed, command: name).emit(document, output: parsed.value("output"),
                                                          protecting: LedgerAccess.protectedPaths(parsed, session), session: session,
                                                          command: name)
            return .success
        }
    }

    private static func start(_ partner: String, _ number: Int, _ code: String, _ store: LedgerStore, _ parsed: Arguments,
                              _ session: Session) throws(CLIError) -> ExitStatus {
        let confidence = try parsed.value("confidence").map { (text) throws(CLIError) in
            guard let level = SamplingConfidence(text: text) else {
                throw .usage("--confidence \(text): expected 90, 95 or 99 (percent)", command: name)
            }
            return level
        }
        let tolerable = try parsed.value("tolerable").map { (text) throws(CLIError) in
            guard let rate = try? Rate(percentText: text.hasSuffix("%") ? String(text.dropLast()) : text),
                  rate.hundredMillionths > 0, rate.hundredMillionths <= Rate.scale / 2 else {
                throw .usage("--tolerable \(text): expected a percentage above 0 and at most 50, e.g. 2", command: name)
            }
            return rate
        }
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let (entry, controlled) = try LedgerAccess.run { () throws(StoreError) in
            try store.startControl(projectCode: code, partnerID: partner, number: number, confidence: confidence, tolerable: tolerable,
                                   note: parsed.value("note") ?? "", by: authorship)
        }
        guard let sample = controlled.sample else { return .success }
        let format = AmountFormat.en
        let terms = controlled.report.sampling!.terms
        var text = "Entry \(entry.sequence): control of partner report \(partner)/\(number) started by \(entry.author); "
            + "sample drawn from seed \(sample.seed.hexadecimal.prefix(16))… (\(terms.confidence.label) confidence, "
            + "\(terms.tolerable) tolerable error):\n"
        let lines = Dictionary(uniqueKeysWithValues: controlled.lines.map { ($0.entry.sequence, $0) })
        for (line, rule) in sample.risk {
            text += "  entry \(line.entry)  \(line.categoryID)  \(format.format(line.declared)) EUR  on risk: \(rule.sentence)\n"
        }
        for drawn in sample.draw.drawn {
            let category = lines[drawn.line.entry]?.line.categoryID ?? ""
            text += "  entry \(drawn.line.entry)  \(category)  \(format.format(drawn.line.amount)) EUR  by monetary unit"
                + (drawn.exhaustive ? " (at least one interval)" : "") + "\n"
        }
        let count = sample.entries.count
        text += "\(count) \(count == 1 ? "entry" : "entries") to verify with 'grantledger certify ENTRY'; "
            + "then 'grantledger control certify \(partner)/\(number) --institution TEXT'.\n"
        session.console.write(text)
        return .success
    }

    private static func certify(_ partner: String, _ number: Int, _ code: String, _ store: LedgerStore, _ parsed: Arguments,
                                _ session: Session) throws(CLIError) -> ExitStatus {
        guard let institution = parsed.value("institution"), institution.contains(where: { !$0.isWhitespace }),
              !institution.contains("\n") else {
            throw .usage("control certify needs --institution TEXT: the controlling institution, on one line", command: name)
        }
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        // The step's note holds the institution on its first line, then the controller's note.
        let note = institution + (parsed.value("note").map { "\n" + $0 } ?? "")
        let (entry, controlled) = try LedgerAccess.run { () throws(StoreError) in
            try store.certifyReport(projectCode: code, partnerID: partner, number: number, note: note, by: authorship)
        }
        let total = controlled.figures.total
        let format = AmountFormat.en
        var text = "Entry \(entry.sequence): partner report \(partner)/\(number) certified by \(entry.author), \(institution): "
            + "\(format.format(total.certified)) of \(format.format(total.declared)) EUR certified, "
            + "\(format.format(total.deducted)) deducted, \(format.format(total.parked)) parked"
        if let projection = controlled.projection {
            text += "; upper error limit \(format.format(projection.upperLimit)) EUR, "
                + (projection.belowMateriality ? "below" : "ABOVE") + " materiality (\(format.format(projection.materiality)) EUR)"
        }
        session.console.write(text + ".\n")
        return .success
    }

    /// What the control documents are made from, read from the ledger.
    static func documentInput(_ partner: String, _ number: Int, _ code: String, _ store: LedgerStore,
                              locale: ReportLocale) throws(CLIError) -> ControlDocumentInput {
        let controlled = try LedgerAccess.run { () throws(StoreError) in
            try store.controlledReport(projectCode: code, partnerID: partner, number: number)
        }
        guard let started = controlled.report.sampling else {
            throw .store(.refused("partner report \(partner)/\(number) is \(controlled.report.state.phrase); its control has not "
                + "started (grantledger control start \(partner)/\(number))"))
        }
        let grant = try LedgerAccess.run { () throws(StoreError) in try store.grant(code) }
        let startEntry = try LedgerAccess.run { () throws(StoreError) in try store.entry(started.sequence) }
        var certification: ControlDocumentInput.Certification?
        if let last = controlled.report.steps.last, last.event.step == .certify {
            let entry = try LedgerAccess.run { () throws(StoreError) in try store.entry(last.sequence) }
            let signature = try LedgerAccess.run { () throws(StoreError) in try store.signature(covering: last.sequence) }
            let parts = last.event.note.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            certification = .init(entry: last.sequence, controller: entry.author, recordedAt: entry.recordedAt,
                                  institution: String(parts.first ?? ""), note: parts.count > 1 ? String(parts[1]) : "",
                                  publicKey: signature?.publicKey?.description, signature: signature?.signature.hexadecimal)
        }
        return ControlDocumentInput(grant: grant, pack: grant.programme.rulePack, controlled: controlled,
                                    start: (started.sequence, startEntry.author, startEntry.recordedAt, startEntry.previousHash),
                                    certification: certification, fingerprint: try LedgerAccess.ledgerState(store, signed: true),
                                    locale: locale)
    }
}
