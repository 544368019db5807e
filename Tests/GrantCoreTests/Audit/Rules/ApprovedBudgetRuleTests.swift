import GrantCore
import Testing
import TestSupport

@Suite("Rules budget.sources-sum, cofinancing.cap, budget.lines-sum")
struct ApprovedBudgetRuleTests {
    typealias P = InlineProject

    @Test("a stated total a cent off its sources, and programme funds above 85%, are found before any line")
    func approvedBudget() throws {
        let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00", total: "100000.01"),
                             .init("PP2", programme: "90000.00", public: "10000.00")])
        let found = try P.audit(grant, [])
        #expect(P.rows(found).filter { !$0.contains("budget.lines-sum") } == [
            "error budget.sources-sum LP: 100000.00 100000.01 0.01 0.00",
            "error cofinancing.cap PP2: 85000.00 90000.00 5000.00 0.00",
            "error cofinancing.cap : 170000.00 175000.00 5000.00 0.00",
        ])
        #expect(found.first?.citation == "subsidy contract")
        #expect(found.dropFirst().first?.citation == grant.programme.rulePack.coFinancingCapCitation)
    }
}
