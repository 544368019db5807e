import GrantCore
import Testing
import TestSupport

@Suite("Rule eligibility.project-period")
struct OutsideProjectPeriodRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])

    @Test("a line outside the project period by both dates is one finding of its whole amount")
    func bothDatesOutside() throws {
        let found = try P.audit(grant, [P.line(1, invoiceDate: "2024-12-20", paid: "2024-12-28", net: "300.00")])
        #expect(P.rows(found) == ["error eligibility.project-period entry 1: 0.00 300.00 300.00 300.00"])
        guard case .outsideProjectPeriod(let dates, _, _)? = found.first?.detail else { Issue.record("no dates"); return }
        #expect(dates.map(\.which) == ["invoiced", "paid"])
    }

    @Test("paid the day after the project ends: the payment alone is outside")
    func paidAfterTheEnd() throws {
        let found = try P.audit(grant, [P.line(1, invoiceDate: "2025-12-20", paid: "2026-01-01", net: "80.00")],
                                submitted: ["2026-01-15"])
        #expect(P.rows(found) == ["error eligibility.project-period entry 1: 0.00 80.00 80.00 80.00"])
        guard case .outsideProjectPeriod(let dates, _, _)? = found.first?.detail else { Issue.record("no dates"); return }
        #expect(dates.map(\.which) == ["paid"])
    }

    @Test("a line inside the period, paid before submission, is clean")
    func clean() throws {
        #expect(try P.audit(grant, [P.line(1, net: "100.00")]).isEmpty)
    }
}
