import GrantCore

/// The findings of `check`, grouped by severity and rule, for auditors; each with what it takes
/// off the claim, then those corrections added up per partner and for the project.
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
            ReportColumn(key: "correction", label: locale.label("Correction"), isNumeric: true),
        ]
        var rows = audit.ordered.map { finding in
            ReportRow([.text(finding.severity.rawValue), .text(finding.rule.rawValue), .text(audit.place(finding.place)),
                       .text(audit.fullMessage(finding) + " [\(finding.citation)]"),
                       finding.amounts.map { .amount($0.expected) } ?? .empty, finding.amounts.map { .amount($0.found) } ?? .empty,
                       finding.amounts.map { .amount($0.difference) } ?? .empty, .amount(finding.correction)])
        }
        rows += audit.unchecked.map { check in
            ReportRow([.text("not checked"), .text(check.rule.rawValue), .text(audit.place(check.place)), .text(audit.reason(check)),
                       .empty, .empty, .empty, .empty])
        }
        let notes: [String]
        if rows.isEmpty {
            notes = [locale.label("No findings.")]
        } else {
            let corrections = audit.corrections()
            for row in corrections.rows {
                rows.append(ReportRow([.text(locale.label("Correction")), .empty, .text(row.label), .empty, .empty, .empty, .empty,
                                       .amount(row.amount)], kind: .subtotal))
            }
            rows.append(ReportRow([.text(locale.label("Correction")), .empty, .text(locale.label("project")), .empty,
                                   .empty, .empty, .empty,
                                   .amount(corrections.project)], kind: .total))
            notes = ["Correction: what each error takes off the declared expenditure, each euro once (line rules in a fixed "
                     + "precedence, limits less what line findings took); the totals are the sums of that column."]
        }
        return ReportDocument(id: "findings", title: locale.label("Findings"), facts: input.facts,
                              sections: [ReportSection(title: nil, table: ReportTable(columns: columns, rows: rows), notes: notes)], locale: locale)
    }
}
