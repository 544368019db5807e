/// `reference.partner`, `reference.category`, `reference.period`: a line of an expenditure file
/// that names a partner, category or period the project does not define; found by the reader
/// when a folder is audited (an import refuses such a line outright), and left out of every
/// other check.
public enum UnknownReferenceRule {
    package static let definitions = [
        AuditRuleDefinition(id: .unknownPartner, kind: .line, citation: { _ in citation },
                            statement: "A line names a partner of the project."),
        AuditRuleDefinition(id: .unknownCategory, kind: .line, citation: { _ in citation },
                            statement: "A line names a cost category of the project."),
        AuditRuleDefinition(id: .unknownPeriod, kind: .line, citation: { _ in citation },
                            statement: "A line names a reporting period of the project."),
    ]

    static let citation = "subsidy contract (project definition)"

    /// The finding on line `line` of `file`, which names `value` where the project has `known`.
    public static func finding(_ rule: AuditRule, value: String, known: [String], file: String, line: Int) -> AuditFinding {
        AuditFinding(rule: rule, severity: .error, place: AuditPlace(file: file, line: line), amounts: nil,
                     detail: .unknownReference(value: value, known: known), citation: citation)
    }
}
