/// The `grantledger` command line: one entry point that the executable and the tests call.
public enum GrantLedgerCommand {
    /// The version `--version` prints.
    public static let version = "0.1.0"

    static let help = """
    GrantLedger \(version): decimal-exact grant budgets and financial reports.

    Usage: grantledger COMMAND [options]

    Commands:
      check PATH         reconcile a budget table (.csv) or check a project folder, to the cent
      refresh-reports    regenerate Reports/ from Fixtures/ (or --check that it is current)
      help [COMMAND]     show this help, or a command's

    Run 'grantledger COMMAND --help' for a command's options and examples.

    Exit status: 0 no errors; 1 errors found; 2 unreadable input or bad usage;
    3 an output file cannot be written.
    """

    /// Runs the command line `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], console: Console) -> Int32 {
        do {
            return try dispatch(arguments, console: console).rawValue
        } catch {
            console.writeError(error.message + "\n")
            return error.exitStatus.rawValue
        }
    }

    private static let commands: [String: (help: String, run: @Sendable ([String], Console) throws(CLIError) -> ExitStatus)] = [
        CheckCommand.name: (CheckCommand.help, CheckCommand.run),
        RefreshReportsCommand.name: (RefreshReportsCommand.help, RefreshReportsCommand.run),
    ]

    private static func dispatch(_ arguments: [String], console: Console) throws(CLIError) -> ExitStatus {
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
            return try command.run(rest, console)
        }
    }
}
