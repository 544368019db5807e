import CSQLite
import Foundation
import GrantCLI
import Testing
import TestSupport

/// The README's examples, run: every text block marked `<!-- example … -->` is a shell session
/// whose `$ grantledger …` (and `$ sqlite3 …`) lines are run in order, each against the output
/// the README prints under it, to the byte. Blocks of one `session=NAME` share one ledger. A line
/// `…` in the printed output stands for lines left out; what comes before and after it must
/// appear in that order. Other tools' lines (`ledger`, `hledger`) are not run. `from=NAME` starts a
/// session from what session NAME's commands before it leave (run first, output not compared).
@Suite("README examples print what the README shows")
struct ReadmeExamplesTests {
    /// One marked block: its session, environment and commands with their printed outputs.
    struct Example: CustomTestStringConvertible, Sendable {
        let line: Int
        let session: String
        let environment: [String: String]
        let steps: [(command: String, output: [String])]
        var testDescription: String { "README line \(line) (session \(session))" }
    }

    static let examples: [Example] = {
        guard let text = try? String(contentsOfFile: Repository.path("README.md"), encoding: .utf8) else { return [] }
        let lines = text.components(separatedBy: "\n")
        var found: [Example] = []
        var index = 0
        while index < lines.count {
            defer { index += 1 }
            let marker = lines[index].trimmingCharacters(in: .whitespaces)
            guard marker.hasPrefix("<!-- example"), marker.hasSuffix("-->"), index + 1 < lines.count, lines[index + 1] == "```text" else {
                continue
            }
            var environment: [String: String] = [:]
            for word in marker.dropFirst("<!-- example".count).dropLast(3).split(separator: " ") {
                let parts = word.split(separator: "=", maxSplits: 1).map(String.init)
                if parts.count == 2 { environment[parts[0]] = parts[1] }
            }
            var steps: [(String, [String])] = []
            var cursor = index + 2
            while cursor < lines.count, lines[cursor] != "```" {
                if lines[cursor].hasPrefix("$ ") { steps.append((String(lines[cursor].dropFirst(2)), [])) } else if !steps.isEmpty {
                    steps[steps.count - 1].1.append(lines[cursor])
                }
                cursor += 1
            }
            let session = environment.removeValue(forKey: "session") ?? "line \(index + 1)"
            found.append(Example(line: index + 1, session: session, environment: environment, steps: steps))
        }
        return found
    }()

    @Test("the README marks its sessions, and the tests run from the repository root as its examples do") func marked() {
        #expect(Self.examples.count >= 8)
        #expect(FileManager.default.currentDirectoryPath == Repository.root)
    }

    @Test("each session prints what the README shows", arguments: Set(examples.map(\.session)).sorted())
    func session(_ name: String) throws {
        let scratch = try ScratchFolder()
        let examples = Self.examples.filter { $0.session == name }
        if let first = examples.first, let origin = first.environment["from"] {
            for example in Self.examples where example.session == origin && example.line < first.line {
                for step in example.steps {
                    let words = Self.words(step.command)
                    if words.first == "grantledger" { _ = Self.run(Array(words.dropFirst()), example, scratch) }
                }
            }
        }
        for example in examples {
            for step in example.steps {
                let words = Self.words(step.command)
                guard let tool = words.first, tool == "grantledger" || tool == "sqlite3" else { continue }
                let output = tool == "sqlite3" ? try Self.sqlite(words, in: scratch) : Self.run(Array(words.dropFirst()), example, scratch)
                let expected = Self.trimmed(step.output)
                let printed = Self.trimmed(output.components(separatedBy: "\n"))
                #expect(Self.matches(printed, expected),
                        "README line \(example.line): $ \(step.command)\n\(printed.joined(separator: "\n"))")
            }
        }
    }

    /// Runs grantledger in-process in `scratch`, as if from the repository root with the ledger there.
    static func run(_ arguments: [String], _ example: Example, _ scratch: ScratchFolder) -> String {
        var environment = example.environment
        environment["GRANTLEDGER_DB"] = scratch.path + "/grantledger.db"
        // The README's owner, liga, and its controller, inga, sign with the tests' fixed keys, so
        // keys and signatures print the same every run (a reader's own keys differ).
        environment["GRANTLEDGER_KEYS"] = scratch.path + "/keys"
        if !FileManager.default.fileExists(atPath: scratch.path + "/keys") {
            try? TestKeys.install(TestKeys.owner, name: "liga", in: scratch.path + "/keys")
            try? TestKeys.install(TestKeys.inga, name: "inga", in: scratch.path + "/keys")
        }
        let console = RecordingConsole()
        let now = environment["GRANTLEDGER_NOW"].flatMap(Timestamp.init(text:)) ?? Timestamp(text: "2026-11-22T13:36:35Z")!
        let session = Session(console: console, environment: environment, userName: "nobody") { now }
        // Paths under Fixtures/ stay relative, as the README writes them (an import records its file's
        // name, so the chain head depends on it): the tests run from the repository root.
        var mapped: [String] = []
        for (position, argument) in arguments.enumerated() {
            if position > 0, ["--output", "--db", "--from", "--to"].contains(arguments[position - 1]), !argument.hasPrefix("/") {
                mapped.append(scratch.path + "/" + argument)
            } else {
                mapped.append(argument)
            }
        }
        _ = GrantLedgerCommand.run(mapped, session: session)
        return (console.output + console.errors).replacingOccurrences(of: scratch.path + "/", with: "")
            .replacingOccurrences(of: Repository.root + "/", with: "")
    }

    /// `sqlite3 FILE "SQL"` on the session's ledger, as the shell would run it; prints nothing.
    static func sqlite(_ words: [String], in scratch: ScratchFolder) throws -> String {
        var handle: OpaquePointer?
        guard words.count == 3, sqlite3_open(scratch.path + "/" + words[1], &handle) == SQLITE_OK else { return "cannot open \(words)" }
        defer { sqlite3_close(handle) }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, words[2], nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            return "Error: " + (message.map { String(cString: $0) } ?? "?")
        }
        return ""
    }

    /// The words of a shell command line: blanks separate, quotes group ("…" and '…').
    static func words(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var started = false
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "\"" || character == "'" {
                quote = character
                started = true
            } else if character == " " {
                if started || !current.isEmpty { words.append(current) }
                current = ""
                started = false
            } else {
                current.append(character)
            }
        }
        if started || !current.isEmpty { words.append(current) }
        return words
    }

    static func trimmed(_ lines: [String]) -> [String] {
        var lines = lines
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    /// Whether `printed` is `expected`, where a `…` line in `expected` stands for any lines.
    static func matches(_ printed: [String], _ expected: [String]) -> Bool {
        let segments = expected.split(separator: "…", omittingEmptySubsequences: false).map(Array.init)
        guard segments.count > 1 else { return printed == expected }
        var position = 0
        for (number, segment) in segments.enumerated() {
            if number == 0 {
                guard printed.starts(with: segment) else { return false }
                position = segment.count
                continue
            }
            guard !segment.isEmpty else { continue }
            guard let found = (position...max(position, printed.count - segment.count)).first(where: {
                $0 + segment.count <= printed.count && Array(printed[$0..<($0 + segment.count)]) == segment
            }) else { return false }
            position = found + segment.count
        }
        return true
    }
}
