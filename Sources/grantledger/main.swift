import Glibc
import GrantCLI

exit(GrantLedgerCommand.run(Array(CommandLine.arguments.dropFirst()), console: StandardConsole()))
