import GrantCore

/// Bad input, with where it is: file, line and column (or entry), and what was expected.
///
/// Every reader in this module throws this one type, so the command line has one way to turn
/// any input problem into a message and an exit status.
public struct InputError: Error, Equatable, Sendable {
    /// The file, as the user named it.
    public let file: String
    /// Where in the file: a line and column, a JSON path, or the whole file.
    public let location: InputLocation
    /// What is wrong.
    public let problem: String

    public init(file: String, location: InputLocation, problem: String) {
        self.file = file
        self.location = location
        self.problem = problem
    }

    /// `file:line:column: problem`, the shape compilers use, so editors can jump to the place.
    public var message: String {
        switch location {
        case .wholeFile: "\(file): \(problem)"
        case .line(let line): "\(file):\(line): \(problem)"
        case .cell(let line, let column): "\(file):\(line):\(column): \(problem)"
        case .entry(let path, let line, let column): "\(file):\(line):\(column): \(path): \(problem)"
        }
    }
}

/// Where in a file a problem is.
public enum InputLocation: Equatable, Sendable {
    case wholeFile
    case line(Int)
    /// A 1-based line and column (in characters).
    case cell(line: Int, column: Int)
    /// A path into a structured file, e.g. `partners[1].approved[0].amount`, and where its value starts.
    case entry(String, line: Int, column: Int)
}
