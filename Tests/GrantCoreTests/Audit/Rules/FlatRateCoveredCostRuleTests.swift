import GrantCore
import Testing
import TestSupport

@Suite("Rule flat-rate.covered-cost")
struct FlatRateCoveredCostRuleTests {
    typealias P = InlineProject
    let pack = try! RulePack.interreg2021to2027.choosing([FlatRateChoice(optionID: "remaining-40-of-staff", rate: .percent(40))]).get()

    @Test("under the 40% option, a travel invoice is funded twice: an error for all of it; staff and the flat rate are not")
    func travelUnderFortyPercent() throws {
        let grant = P.grant([.init("LP", programme: "80000.00", public: "20000.00")], pack: pack,
                            categories: ["staff", "travel", "remaining"])
        let findings = try P.audit(grant, [P.line(1, net: "1000.00"), P.line(2, category: "remaining", invoice: "FR-1", net: "400.00"),
                                           P.line(3, category: "travel", invoice: "BUS-9", net: "35.50")])
        #expect(P.rows(findings).filter { $0.contains("flat-rate") } == [
            "error flat-rate.covered-cost LP travel 1: 0.00 35.50 35.50 35.50",
        ])
        let clean = try P.audit(grant, [P.line(1, net: "1000.00"), P.line(2, category: "remaining", invoice: "FR-1", net: "400.00")])
        #expect(P.rows(clean).filter { $0.contains("flat-rate") }.isEmpty)
    }
}
