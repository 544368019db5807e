import GrantCore
import GrantReports

/// `grantledger rules [PACK]`: lists the rule packs, or shows one in words or as a pack file.
struct RulesCommand {
    static let name = "rules"

    static let help = """
    Usage: grantledger rules [PACK] [--format text|json]

    Without PACK, lists the built-in rule packs. With PACK (\(RulePackOption.help)),
    shows its rules with their citations; --format json writes it as a pack file, the
    format --rules PATH.json reads, so a programme's own pack can start as a copy of a
    built-in one (see README, "Rule packs").

    Options:
      --format text|json   output format (default: text)
      --help               show this help

    Exit status: 0 shown; 2 unknown pack, unreadable pack file or bad usage.

    Examples:
      grantledger rules
      grantledger rules interreg-lv-lt-2014-2020
      grantledger rules interreg-2014-2020 --format json > my-programme.json
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: ["format"], flagNames: [])
        let format = try parsed.choice("format", allowed: ["text", "json"], command: name) ?? "text"
        guard parsed.positionals.count <= 1 else { throw .usage("rules takes at most one pack", command: name) }
        guard let value = parsed.positionals.first else {
            var text = "Built-in rule packs (show one with 'grantledger rules ID'):\n"
            for pack in RulePack.builtIn {
                text += "  " + pack.id + String(repeating: " ", count: max(0, 26 - pack.id.count))
                    + "\(pack.name): programme funds at most \(pack.coFinancing.cap), \(pack.flatRates.count) flat rate\(pack.flatRates.count == 1 ? "" : "s")\n"
            }
            session.console.write(text)
            return .success
        }
        let document = RulePackDocument(try RulePackOption.resolve(value, command: name))
        session.console.write(format == "json" ? document.json() : document.text())
        return .success
    }
}
