import GrantCore
import Testing
import TestSupport

@Suite("Rule flat-rate.amount")
struct FlatRateAmountRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])

    @Test("a flat rate above rate × base is an error by the excess; below it, a note (office, unbudgeted, is over its flexibility)")
    func flatRateAboveAndBelow() throws {
        let above = try P.audit(grant, [P.line(1, net: "1000.00"), P.line(2, category: "office", invoice: "FR-1", net: "200.00")])
        #expect(P.rows(above) == ["error flat-rate.amount LP office 1: 150.00 200.00 50.00 50.00",
                                  "error budget.flexibility office: 0.00 200.00 200.00 150.00"])
        let below = try P.audit(grant, [P.line(1, net: "1000.00"), P.line(2, category: "office", invoice: "FR-1", net: "100.00")])
        #expect(P.rows(below) == ["note flat-rate.amount LP office 1: 150.00 100.00 -50.00 0.00",
                                  "error budget.flexibility office: 0.00 100.00 100.00 100.00"])
    }
}
