/// `eligibility.project-period`: a cost invoiced or paid outside the project period is
/// ineligible whole, one finding for the line whichever of its dates fall outside.
package enum OutsideProjectPeriodRule: LineRule {
    package static let definition = AuditRuleDefinition(
        id: .outsideProjectPeriod, kind: .line, citation: { $0.eligibility.citation },
        statement: "A cost invoiced or paid outside the project period is not eligible.")

    package static func verdict(_ line: borrowing AuditLine, in context: AuditContext) -> LineVerdict? {
        let rule = context.pack.eligibility
        let project = context.grant.project
        guard rule.withinProjectPeriod else { return nil }
        let outside = [(line.invoiceDate, "invoiced"), (line.paymentDate, "paid")].compactMap { date, which in
            date.flatMap { $0 < project.start || $0 > project.end ? DatedEvent(which: which, date: $0) : nil }
        }
        guard !outside.isEmpty else { return nil }
        return LineVerdict(rule: .outsideProjectPeriod,
                           detail: .outsideProjectPeriod(dates: outside, start: project.start, end: project.end),
                           citation: rule.citation, ineligible: .all)
    }
}
