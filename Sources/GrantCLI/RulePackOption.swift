import GrantCore
import GrantFormats

/// The `--rules` value: a built-in pack's id, or the path of a pack file (`….json`).
enum RulePackOption {
    static let help = "a built-in pack (\(RulePack.builtIn.map(\.id).joined(separator: ", "))) or a pack file PATH.json"

    static func resolve(_ value: String, command: String) throws(CLIError) -> RulePack {
        if let pack = RulePack.builtIn(id: value) { return pack }
        guard value.hasSuffix(".json") else {
            throw .usage("--rules \(value) is neither a built-in pack (\(RulePack.builtIn.map(\.id).joined(separator: ", "))) nor a pack file ending in .json", command: command)
        }
        let bytes = try FileSystem.readBytes(value)
        do {
            return try RulePackJSON.read(bytes, file: value)
        } catch {
            throw .input(error)
        }
    }
}
