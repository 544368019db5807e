/// `eligibility.unpaid`: a cost declared without a payment date is ineligible whole, where the
/// pack pays only costs paid before they are claimed.
package enum UnpaidRule: LineRule {
    package static let definition = AuditRuleDefinition(
        id: .unpaid, kind: .line, citation: { $0.eligibility.citation },
        statement: "A cost is eligible once it is paid: a line without a payment date is not.")

    package static func verdict(_ line: borrowing AuditLine, in context: AuditContext) -> LineVerdict? {
        let rule = context.pack.eligibility
        guard rule.paidBeforeClaim, line.paymentDate == nil else { return nil }
        return LineVerdict(rule: .unpaid, detail: .none, citation: rule.citation, ineligible: .all)
    }
}
