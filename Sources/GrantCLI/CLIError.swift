import GrantCore
import GrantFormats
import GrantStore

/// Everything that stops a command, with what the user needs to know to fix it.
enum CLIError: Error {
    /// The command line itself is wrong; `command` names the command whose help to show.
    case usage(String, command: String?)
    /// A file or folder the user named cannot be read.
    case unreadable(path: String, reason: String)
    /// An input file is malformed; the error says where.
    case input(InputError)
    /// An amount is beyond what the engine can represent exactly.
    case money(MoneyError, context: String)
    /// An output file cannot be written.
    case unwritable(path: String, reason: String)
    /// The ledger refused the request or the database failed.
    case store(StoreError)

    /// The one place errors become text: the message a person reads.
    var message: String {
        switch self {
        case .usage(let problem, let command):
            let help = command.map { "grantledger \($0) --help" } ?? "grantledger --help"
            return "grantledger: \(problem)\nRun '\(help)' for usage."
        case .unreadable(let path, let reason):
            return "grantledger: cannot read \(path): \(reason)"
        case .input(let error):
            return error.message
        case .money(.overflow(let operation), let context):
            return "\(context): an amount is too large to \(operation) exactly; amounts must stay within ±92,233,720,368,547,758.07"
        case .money(.currencyMismatch(let first, let second), let context):
            return "\(context): amounts in \(first) and \(second) cannot be combined; convert them first"
        case .unwritable(let path, let reason):
            return "grantledger: cannot write \(path): \(reason)"
        case .store(let error):
            return "grantledger: " + error.message
        }
    }

    /// Runs `body`, turning an amount out of range into this error with `context`.
    static func withMoney<T>(_ context: String, _ body: () throws(MoneyError) -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch {
            throw .money(error, context: context)
        }
    }

    /// Runs `body`, turning bad input into this error.
    static func withInput<T>(_ body: () throws(InputError) -> T) throws(CLIError) -> T {
        do {
            return try body()
        } catch {
            throw .input(error)
        }
    }

    /// The exit status that goes with the error.
    var exitStatus: ExitStatus {
        switch self {
        case .usage, .unreadable, .input, .money: .badInput
        case .unwritable: .cannotWrite
        case .store(.refused), .store(.noDatabase): .badInput
        case .store: .databaseFailure
        }
    }
}
