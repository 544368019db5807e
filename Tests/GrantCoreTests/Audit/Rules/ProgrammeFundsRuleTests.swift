import GrantCore
import Testing
import TestSupport

@Suite("Rule cofinancing.above-approved")
struct ProgrammeFundsRuleTests {
    typealias P = InlineProject

    func findings(_ grant: Grant, _ lines: [LedgerLine]) throws -> [AuditFinding] {
        try Audit(grant: grant, pack: grant.programme.rulePack, lines: lines, batches: P.batches(["2025-07-10"])).findings()
            .filter { $0.rule == .programmeFundsAboveApproved }
    }

    @Test("one cent more than approved at a rate of 1/3 is reported, for the partner and the project")
    func oneCentOver() throws {
        let grant = P.grant([.init("LP", programme: "10000.00", public: "20000.00")])
        let found = try findings(grant, [P.line(1, net: "30000.03")])
        #expect(found.count == 2)
        #expect(found[0].place.partnerID == "LP")
        #expect(found[0].amounts?.expected == P.euros("10000.00"))
        #expect(found[0].amounts?.found == P.euros("10000.01"))
        #expect(found[0].amounts?.difference == P.euros("0.01"))
        #expect(found[1].place.partnerID == nil)
    }

    @Test("at 7/9, 90,000.01 draws 70,000.00 (not reported) and 90,000.02 draws 70,000.01 (reported)")
    func sevenNinthsEdge() throws {
        let grant = P.grant([.init("LP", programme: "70000.00", public: "20000.00")])
        #expect(try findings(grant, [P.line(1, net: "90000.01")]).isEmpty)
        let over = try findings(grant, [P.line(1, net: "90000.02")])
        #expect(over.first?.amounts?.difference == P.euros("0.01"))
    }
}
