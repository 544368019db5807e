/// A command's arguments split into options (`--name value`, `--name=value`), flags (`--name`)
/// and positional values, checked against what the command accepts.
struct Arguments {
    private(set) var positionals: [String] = []
    private var values: [String: String] = [:]
    private var flags: Set<String> = []

    /// Parses `arguments` for `command`, which accepts `options` (taking a value) and `flagNames`.
    init(_ arguments: [String], command: String, options: Set<String>, flagNames: Set<String>) throws(CLIError) {
        // What a command writes back (a reason, an author, a note, a path) must not carry
        // characters a terminal acts on or that hide the order of text.
        for argument in arguments {
            if let control = argument.firstControlCharacter() ?? argument.firstBidiControl {
                let code = String(control.value, radix: 16, uppercase: true)
                throw .usage("an argument holds the invisible or control character "
                    + "U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code); "
                             + "type it without that character", command: command)
            }
        }
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                if argument.hasPrefix("-"), !onlyPositionals, argument != "-" {
                    throw .usage("unknown option '\(argument)'", command: command)
                }
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if flagNames.contains(name) {
                guard inlineValue == nil else { throw .usage("the option --\(name) takes no value", command: command) }
                flags.insert(name)
            } else if options.contains(name) {
                guard values[name] == nil else { throw .usage("the option --\(name) is given twice", command: command) }
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else { throw .usage("the option --\(name) needs a value", command: command) }
                    values[name] = arguments[index]
                    index += 1
                }
            } else {
                throw .usage("unknown option '--\(name)'", command: command)
            }
        }
    }

    func value(_ name: String) -> String? { values[name] }
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of `name`, which must be one of `allowed`; nil when the option is absent.
    func choice(_ name: String, allowed: [String], command: String) throws(CLIError) -> String? {
        guard let value = values[name] else { return nil }
        guard allowed.contains(value) else {
            throw .usage("--\(name) must be one of \(allowed.joined(separator: ", ")); got '\(value)'", command: command)
        }
        return value
    }
}
