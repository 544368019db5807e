import GrantCore

/// The findings of `check`, grouped by severity and rule, for auditors.
public enum FindingsReport {
    public static func build(_ input: ReportInput, audit: AuditReport) -> ReportDocument {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "severity", label: locale.label("Severity"), isNumeric: false),
            ReportColumn(key: "rule", label: locale.label("Rule"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "where", label: locale.label("Where"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "message", label: locale.label("Message"), isNumeric: false, minimumWidth: 24),
            ReportColumn(key: "expected", label: locale.label("Expected"), isNumeric: true),
            ReportColumn(key: "found", label: locale.label("Found"), isNumeric: true),
            ReportColumn(key: "difference", label: locale.label("Difference"), isNumeric: true),
        ]
        let rows = audit.ordered.map { finding in
            ReportRow([.text(finding.severity.rawValue), .text(finding.rule.rawValue), .text(audit.place(finding.place)),
                       .text(audit.message(finding) + " [\(finding.citation)]"),
                       finding.amounts.map { .amount($0.expected) } ?? .empty, finding.amounts.map { .amount($0.found) } ?? .empty,
                       finding.amounts.map { .amount($0.difference) } ?? .empty])
        }
        let notes = rows.isEmpty ? [locale.label("No findings.")] : []
        return ReportDocument(id: "findings", title: locale.label("Findings"), facts: input.facts,
                              sections: [ReportSection(title: nil, table: ReportTable(columns: columns, rows: rows), notes: notes)], locale: locale)
    }
}
