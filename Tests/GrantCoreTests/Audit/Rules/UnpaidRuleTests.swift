import GrantCore
import Testing
import TestSupport

@Suite("Rule eligibility.unpaid")
struct UnpaidRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])

    @Test("an unpaid line is ineligible whole")
    func unpaid() throws {
        let found = try P.audit(grant, [P.line(1, paid: nil, net: "1200.00")])
        #expect(P.rows(found) == ["error eligibility.unpaid entry 1: 0.00 1200.00 1200.00 1200.00"])
    }

    @Test("a pack that does not ask for payment before the claim finds nothing unpaid")
    func notAsked() throws {
        let pack = RulePack.us2cfr200
        let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")], pack: pack)
        #expect(pack.eligibility.paidBeforeClaim == false)
        #expect(try P.audit(grant, [P.line(1, paid: nil, net: "1200.00")]).filter { $0.rule == .unpaid }.isEmpty)
    }
}
