/// Where a command writes: standard output for results, standard error for messages. Tests pass
/// a recording console; the executable passes the process's streams.
public protocol Console: AnyObject {
    func write(_ text: String)
    func writeError(_ text: String)
    /// A line typed on the terminal without echo (a passphrase), or nil when there is no terminal.
    func readSecret(prompt: String) -> String?
}

extension Console {
    public func readSecret(prompt: String) -> String? { nil }
}

/// A console that keeps what was written, for tests and for callers that embed the tool.
public final class RecordingConsole: Console {
    public private(set) var output = ""
    public private(set) var errors = ""

    public init() {}

    public func write(_ text: String) { output += text }
    public func writeError(_ text: String) { errors += text }
}
