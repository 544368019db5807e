import GrantCore
import Testing
import TestSupport

@Suite("Rule eligibility.paid-after-claim")
struct PaidAfterClaimRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])

    @Test("a line paid after its report was submitted is ineligible whole; paid on the day of submission it is not")
    func paidLate() throws {
        let found = try P.audit(grant, [P.line(1, invoice: "INV-1", paid: "2025-07-20", net: "2000.00"),
                                        P.line(2, invoice: "INV-2", paid: "2025-07-10", net: "500.00")])
        #expect(P.rows(found) == ["error eligibility.paid-after-claim entry 1: 0.00 2000.00 2000.00 2000.00"])
        guard case .paidAfterDeclaration(let payment, let declared)? = found.first?.detail else { Issue.record("no dates"); return }
        #expect((payment.description, declared.description) == ("2025-07-20", "2025-07-10"))
    }
}
