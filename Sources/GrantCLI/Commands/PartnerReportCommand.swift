import GrantCore
import GrantStore

/// `grantledger partner-report open|submit|reopen|list`: a partner's reports per reporting period.
struct PartnerReportCommand {
    static let name = "partner-report"

    static let help = """
    Usage: grantledger partner-report open PARTNER --period N [--note TEXT] [--project CODE] [--db PATH|URI] [--author NAME]
           grantledger partner-report submit PARTNER/N [--note TEXT] [--project CODE] [--db PATH|URI] [--author NAME]
           grantledger partner-report reopen PARTNER/N --limited|--full --reason TEXT [--project CODE] [--db PATH|URI]
                                             [--author NAME]
           grantledger partner-report list [--partner ID] [--project CODE] [--db PATH|URI]

    A partner report holds one partner's expenditure of one reporting period: every line of that
    partner posted in that period, imported before the report was opened or after. Reports are
    numbered per partner (LP/1, LP/2, …) and go draft → submitted → in control → certified; the
    controller's steps are 'grantledger control start' and 'control certify'. Each
    step is a signed ledger entry by the role that takes it, checked by the engine, by a server's
    own checks, and by 'grantledger verify'.

      open       the partner's next report, for --period N (by the partner)
      submit     submits a draft or reopened report (by the partner): from its first
                 submission its figures and exchange rates are frozen; an import of that
                 partner and period, or a reversal posted in it, is refused
      reopen     reopens a submitted or in-control report (by its controller or the programme)
                 or a certified one (by the programme): --limited keeps every figure frozen,
                 --full lets the partner post reversals and additions, recorded as such,
                 until it is submitted again
      list       every report with its period, state, declared spend and last step

    Options:
      --period N         open: the reporting period the report covers
      --note TEXT        open, submit: a note recorded with the step
      --limited, --full  reopen: whether the figures stay frozen (limited) or may change (full)
      --reason TEXT      reopen: why (required)
      --partner ID       list: one partner's reports only
      --project CODE     the project (default: the ledger's only project)
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 done; 2 bad usage or refused (the reason is printed); 4 database failure.

    Example:
      grantledger partner-report open LP --period 1
      Entry 31: partner report LP/1 for period 1 (2017-05-01 to 2017-10-31) opened as a draft, by lp.
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: LedgerAccess.options.union(["period", "note", "reason", "partner", "project"]),
                                   flagNames: ["limited", "full"])
        guard let action = parsed.positionals.first else {
            throw .usage("partner-report needs an action: open, submit, reopen or list", command: name)
        }
        let rest = Array(parsed.positionals.dropFirst())
        switch action {
        case "open":
            guard rest.count == 1 else { throw .usage("partner-report open takes one partner ID", command: name) }
            return try open(rest[0], parsed, session)
        case "submit", "reopen":
            guard rest.count == 1 else { throw .usage("partner-report \(action) takes one report, e.g. LP/1", command: name) }
            let (partner, number) = try reference(rest[0])
            return try step(action == "submit" ? .submit : try reopening(parsed), partner, number, parsed, session)
        case "list":
            guard rest.isEmpty else { throw .usage("partner-report list takes no value", command: name) }
            return try list(parsed, session)
        default:
            throw .usage("no partner-report action '\(action)'; the actions are open, submit, reopen and list", command: name)
        }
    }

    /// A report named as PARTNER/N.
    static func reference(_ text: String) throws(CLIError) -> (partner: String, number: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, let number = Int(parts[1]), number >= 1 else {
            throw .usage("'\(text)' is not a partner report; name one as PARTNER/N, e.g. LP/1", command: name)
        }
        return (String(parts[0]), number)
    }

    private static func reopening(_ parsed: Arguments) throws(CLIError) -> PartnerReportStep {
        switch (parsed.flag("limited"), parsed.flag("full")) {
        case (true, false): return .reopenLimited
        case (false, true): return .reopenFull
        default: throw .usage("partner-report reopen takes --limited (figures stay frozen) or --full (figures may change)", command: name)
        }
    }

    private static func open(_ partner: String, _ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        guard let text = parsed.value("period") else {
            throw .usage("partner-report open needs --period N: the reporting period the report covers", command: name)
        }
        guard let period = Int(text), period > 0 else {
            throw .usage("'\(text)' is not a period number; periods are numbered 1, 2, 3 …", command: name)
        }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let (entry, report) = try LedgerAccess.run { () throws(StoreError) in
            try store.openPartnerReport(projectCode: code, partnerID: partner, period: period, note: parsed.value("note") ?? "",
                                        by: authorship)
        }
        let grant = try LedgerAccess.run { () throws(StoreError) in try store.grant(code) }
        let dates = grant.reportingPeriods.first { $0.number == period }.map { " (\($0.start) to \($0.end))" } ?? ""
        session.console.write("Entry \(entry.sequence): partner report \(partner)/\(report.number) for period \(period)\(dates) "
            + "opened as a draft, by \(entry.author).\n")
        return .success
    }

    private static func step(_ step: PartnerReportStep, _ partner: String, _ number: Int, _ parsed: Arguments,
                             _ session: Session) throws(CLIError) -> ExitStatus {
        let reason = parsed.value("reason") ?? ""
        if step != .submit, !reason.contains(where: { !$0.isWhitespace }) {
            throw .usage("partner-report reopen needs --reason TEXT: why the report is reopened", command: name)
        }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let note = step == .submit ? parsed.value("note") ?? "" : reason
        let (entry, report) = try LedgerAccess.run { () throws(StoreError) in
            try store.takeReportStep(step, projectCode: code, partnerID: partner, number: number, note: note, by: authorship)
        }
        let index = try LedgerAccess.run { () throws(StoreError) in try store.spendIndex(projectCode: code) }
        let figures = try declared(report, in: index)
        let done = switch step {
        case .submit: "submitted, declaring \(AmountFormat.en.format(figures.declared)) EUR in \(figures.entries) "
            + "\(figures.entries == 1 ? "entry" : "entries"); its figures and exchange rates are frozen from now on"
        case .reopenLimited: "reopened (limited): its figures stay frozen until it is submitted again"
        default: "reopened (full): reversals and additions may be posted in period \(report.periodNumber) until it is submitted again"
        }
        session.console.write("Entry \(entry.sequence): partner report \(partner)/\(number) \(done), by \(entry.author).\n")
        return .success
    }

    /// The report's net declared spend and the entries posted in its partner and period.
    private static func declared(_ report: PartnerReportBook.Report, in index: SpendIndex) throws(CLIError)
        -> (declared: Money, entries: Int) {
        let sums = try CLIError.withMoney("sum the report's spend") { () throws(MoneyError) in
            try index.sums(partnerID: report.partnerID, periodNumber: report.periodNumber)
        }
        return (sums.declared, sums.entries)
    }

    private static func list(_ parsed: Arguments, _ session: Session) throws(CLIError) -> ExitStatus {
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let book = try LedgerAccess.run { () throws(StoreError) in try store.partnerReports(code) }
        let reports = book.reports.filter { report in parsed.value("partner").map { $0 == report.partnerID } ?? true }
        guard !reports.isEmpty else {
            session.console.write("\(code) has no partner reports yet; a partner opens one with "
                + "'grantledger partner-report open PARTNER --period N'.\n")
            return .success
        }
        let index = try LedgerAccess.run { () throws(StoreError) in try store.spendIndex(projectCode: code) }
        var text = "Partner reports of \(code):\n"
        for report in reports {
            let figures = try declared(report, in: index)
            let last = report.steps.last.map { "entry \($0.sequence): \($0.event.step.rawValue)" } ?? ""
            text += "  \(report.partnerID)/\(report.number)  period \(report.periodNumber)  \(report.state.phrase)  "
                + "\(AmountFormat.en.format(figures.declared)) EUR in \(figures.entries) \(figures.entries == 1 ? "entry" : "entries")"
                + "  last step \(last)\n"
        }
        session.console.write(text)
        return .success
    }
}
