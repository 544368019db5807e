/// `eligibility.paid-after-claim`: a cost paid after the day it was declared (its import's
/// submission, else the day it was recorded) is ineligible whole.
package enum PaidAfterClaimRule: LineRule {
    package static let definition = AuditRuleDefinition(
        id: .paidAfterDeclaration, kind: .line, citation: { $0.eligibility.citation },
        statement: "A cost paid after the report that declares it was submitted is not eligible in that report.")

    package static func verdict(_ line: borrowing AuditLine, in context: AuditContext) -> LineVerdict? {
        let rule = context.pack.eligibility
        guard rule.paidBeforeClaim, let payment = line.paymentDate, let declared = context.declarationDate(line),
              payment > declared else { return nil }
        return LineVerdict(rule: .paidAfterDeclaration, detail: .paidAfterDeclaration(payment: payment, declared: declared),
                           citation: rule.citation, ineligible: .all)
    }
}
