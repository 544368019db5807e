import GrantCore
import Testing
import TestSupport

@Suite("Rule flat-rate.not-recomputed")
struct FlatRateRecomputationRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])

    @Test("office certified at 15% of the declared base, after the base was cut to 800.00: 30.00 too much")
    func notRecomputed() throws {
        let lines = [P.line(1, net: "1000.00", certified: "800.00"),
                     P.line(2, category: "office", invoice: "FR-1", net: "150.00", certified: "150.00")]
        let found = try P.audit(grant, lines).filter { $0.rule == .flatRateNotRecomputed }
        #expect(P.rows(found) == ["error flat-rate.not-recomputed entry 2: 120.00 150.00 30.00 30.00"])
    }

    @Test("while the base is not all controlled, nothing is recomputed; recomputed, it is clean")
    func waitsForTheBase() throws {
        let uncontrolled = [P.line(1, net: "1000.00"), P.line(2, category: "office", invoice: "FR-1", net: "150.00", certified: "150.00")]
        #expect(try P.audit(grant, uncontrolled).filter { $0.rule == .flatRateNotRecomputed }.isEmpty)
        let recomputed = [P.line(1, net: "1000.00", certified: "800.00"),
                          P.line(2, category: "office", invoice: "FR-1", net: "150.00", certified: "120.00")]
        #expect(try P.audit(grant, recomputed).filter { $0.rule == .flatRateNotRecomputed }.isEmpty)
    }
}
