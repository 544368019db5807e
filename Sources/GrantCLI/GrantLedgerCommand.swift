/// The `grantledger` command line: one entry point that the executable and the tests call.
public enum GrantLedgerCommand {
    /// The version `--version` prints.
    public static let version = "0.1.0"

    static let help = """
    GrantLedger \(version): decimal-exact grant budgets and financial reports.

    Usage: grantledger COMMAND [options]

    Commands:
      check PATH         reconcile a budget table (.csv) or check a project folder, to the cent
      init               create the ledger (./grantledger.db, or --db PATH|postgresql://… / GRANTLEDGER_DB)
      load FOLDER        load a project folder (project.json and budget lines) into the ledger
      import FILE        import an expenditure file as one batch: all lines or none
      ledger             list expenditure entries, filtered by partner, category, period
      reverse ENTRY      post a reversal of an expenditure entry, with a reason
      close-period N     close a reporting period to new entries
      certify ENTRY      a controller certifies an expenditure entry, in full, with a deduction, or parks it
      partner-report A   a partner's report per period: open, submit, reopen or list
      control A REPORT   a partner report's control: start (draw the sample), certify, report, certificate
      record-payment P A record programme funds received for a partner
      status             the project on one screen: budget, declared, certified, claimed, reports, chain
      verify             recompute the audit chain, every signature and every stored total
      verify-head H S K  check a chain head's signature on its own, without the ledger
      copy               copy a whole ledger between a SQLite file and a PostgreSQL database, verifying both
      key ACTION         your signing keys: create or list
      user ACTION        the ledger's users, their roles and keys: add, list or revoke
      rules [PACK]       list the rule packs, or show one (as text or as a pack file)
      report KIND        budget vs actual, co-financing, expenditure, payment claim or findings
      forecast           projected spend at the end date, risks, what-if reallocation, backtest
      export             the expenditure as a ledger-cli / hledger journal
      refresh-reports    regenerate Reports/ from Fixtures/ (or --check that it is current)
      help [COMMAND]     show this help, or a command's

    Run 'grantledger COMMAND --help' for a command's options and examples.

    Exit status: 0 no errors; 1 errors found; 2 unreadable input or bad usage;
    3 an output file cannot be written.
    """

    /// Runs the command line `arguments` (without the program name) in the process's own
    /// environment and returns the exit status.
    public static func run(_ arguments: [String], console: Console) -> Int32 {
        run(arguments, session: .standard(console: console))
    }

    /// Runs the command line `arguments` in `session` and returns the exit status.
    public static func run(_ arguments: [String], session: Session) -> Int32 {
        do {
            return try dispatch(arguments, session: session).rawValue
        } catch {
            session.console.writeError(error.message + "\n")
            return error.exitStatus.rawValue
        }
    }

    private static let commands: [String: (help: String, run: @Sendable ([String], Session) throws(CLIError) -> ExitStatus)] = [
        CheckCommand.name: (CheckCommand.help, CheckCommand.run),
        RefreshReportsCommand.name: (RefreshReportsCommand.help, RefreshReportsCommand.run),
        InitCommand.name: (InitCommand.help, InitCommand.run),
        LoadCommand.name: (LoadCommand.help, LoadCommand.run),
        ImportCommand.name: (ImportCommand.help, ImportCommand.run),
        LedgerCommand.name: (LedgerCommand.help, LedgerCommand.run),
        ReverseCommand.name: (ReverseCommand.help, ReverseCommand.run),
        ClosePeriodCommand.name: (ClosePeriodCommand.help, ClosePeriodCommand.run),
        VerifyCommand.name: (VerifyCommand.help, VerifyCommand.run),
        VerifyHeadCommand.name: (VerifyHeadCommand.help, VerifyHeadCommand.run),
        KeyCommand.name: (KeyCommand.help, KeyCommand.run),
        UserCommand.name: (UserCommand.help, UserCommand.run),
        CopyCommand.name: (CopyCommand.help, CopyCommand.run),
        RulesCommand.name: (RulesCommand.help, RulesCommand.run),
        CertifyCommand.name: (CertifyCommand.help, CertifyCommand.run),
        PartnerReportCommand.name: (PartnerReportCommand.help, PartnerReportCommand.run),
        ControlCommand.name: (ControlCommand.help, ControlCommand.run),
        StatusCommand.name: (StatusCommand.help, StatusCommand.run),
        ReportCommand.name: (ReportCommand.help, ReportCommand.run),
        RecordPaymentCommand.name: (RecordPaymentCommand.help, RecordPaymentCommand.run),
        ForecastCommand.name: (ForecastCommand.help, ForecastCommand.run),
        ExportCommand.name: (ExportCommand.help, ExportCommand.run),
    ]

    private static func dispatch(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let console = session.console
        guard let first = arguments.first else {
            console.writeError(help + "\n")
            return .badInput
        }
        switch first {
        case "--help", "-h":
            console.write(help + "\n")
            return .success
        case "--version":
            console.write("grantledger \(version)\n")
            return .success
        case "help":
            guard let topic = arguments.dropFirst().first else { console.write(help + "\n"); return .success }
            guard let command = commands[topic] else { throw .usage("no command '\(topic)'", command: nil) }
            console.write(command.help + "\n")
            return .success
        default:
            guard let command = commands[first] else {
                throw .usage("no command '\(first)'; the commands are \(commands.keys.sorted().joined(separator: ", "))", command: nil)
            }
            let rest = Array(arguments.dropFirst())
            if rest.contains("--help") || rest.contains("-h") {
                console.write(command.help + "\n")
                return .success
            }
            return try command.run(rest, session)
        }
    }
}
