import GrantCore

/// One thing a check found, as every report shows it: rule, severity, where, what, and the
/// amounts involved.
public struct Finding: Equatable, Sendable {
    /// A stable rule id, e.g. `table.row-sum`.
    public let ruleID: String
    public let severity: Severity
    /// Where, in words: `line 3, Latgales plānošanas reģions`.
    public let location: String
    /// The source line, when the finding comes from a file.
    public let line: Int?
    /// The partner concerned, when there is one.
    public let partner: String?
    /// What is wrong, in a finance officer's words.
    public let message: String
    /// The amount the rule computes, the amount found, and `found − expected`.
    public let expected: Money?
    public let found: Money?
    public let difference: Money?
    /// The regulation behind the rule, when it comes from one.
    public let citation: String?

    public init(ruleID: String, severity: Severity, location: String, line: Int?, partner: String?, message: String,
                expected: Money?, found: Money?, difference: Money?, citation: String?) {
        self.ruleID = ruleID
        self.severity = severity
        self.location = location
        self.line = line
        self.partner = partner
        self.message = message
        self.expected = expected
        self.found = found
        self.difference = difference
        self.citation = citation
    }
}

/// How serious a finding is. Errors make `check` exit with status 1.
public enum Severity: String, Sendable, Comparable {
    case error
    case warning

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .error && rhs == .warning }
}
