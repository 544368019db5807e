import GrantCore
import Testing
import TestSupport

@Suite("Rules eligibility.project-period, eligibility.unpaid, eligibility.paid-after-claim")
struct EligibilityRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])

    @Test("a line outside the project period by both dates is one finding of its whole amount")
    func bothDatesOutside() throws {
        let found = try P.audit(grant, [P.line(1, invoiceDate: "2024-12-20", paid: "2024-12-28", net: "300.00")])
        #expect(P.rows(found) == ["error eligibility.project-period entry 1: 0.00 300.00 300.00 300.00"])
        guard case .outsideProjectPeriod(let dates, _, _)? = found.first?.detail else { Issue.record("no dates"); return }
        #expect(dates.map(\.which) == ["invoiced", "paid"])
    }

    @Test("an unpaid line, and a line paid after its report was submitted, are ineligible whole")
    func unpaidAndPaidLate() throws {
        let found = try P.audit(grant, [P.line(1, paid: nil, net: "1200.00"), P.line(2, invoice: "INV-2",
                                                                                     paid: "2025-07-20", net: "2000.00")])
        #expect(P.rows(found) == ["error eligibility.unpaid entry 1: 0.00 1200.00 1200.00 1200.00",
                                  "error eligibility.paid-after-claim entry 2: 0.00 2000.00 2000.00 2000.00"])
    }

    @Test("a line inside the period, paid before submission, is clean")
    func clean() throws {
        #expect(try P.audit(grant, [P.line(1, net: "100.00")]).isEmpty)
    }
}
