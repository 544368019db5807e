import GrantCore
import Testing
import TestSupport

@Suite("Rule budget.flexibility")
struct BudgetFlexibilityRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])

    @Test("spend beyond the flexibility is corrected less what line findings in the category took: each euro once")
    func flexibilityLessLineFindings() throws {
        // Travel has no budget: 600.00 spent, 0.00 allowed; 300.00 of it is a repeated invoice.
        let lines = [P.line(1, category: "travel", net: "300.00"), P.line(2, category: "travel", net: "300.00")]
        let found = try P.audit(grant, lines)
        #expect(P.rows(found) == ["error duplicate.same-report entry 2: 0.00 300.00 300.00 300.00",
                                  "error budget.flexibility travel: 0.00 600.00 600.00 300.00"])
        #expect(found.map(\.correction.minorUnits).reduce(0, +) == 60_000)
    }

    @Test("staff spend up to the budget plus the limit's share is allowed; one cent more is not")
    func atTheLimit() throws {
        // Staff's budget is 100,000.00; Interreg 2014–2020 allows 20% more per category: 120,000.00.
        let allowed = try P.audit(grant, [P.line(1, net: "120000.00")])
        #expect(allowed.filter { $0.rule == .overFlexibility }.isEmpty)
        let over = try P.audit(grant, [P.line(1, net: "120000.01")])
        #expect(P.rows(over).filter { $0.contains("budget.flexibility") }
            == ["error budget.flexibility staff: 120000.00 120000.01 0.01 0.01"])
    }
}
