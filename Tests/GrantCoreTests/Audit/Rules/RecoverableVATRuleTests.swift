import GrantCore
import Testing
import TestSupport

@Suite("Rule eligibility.recoverable-vat")
struct RecoverableVATRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00", vatRecoverable: true)])
    let rates = ["PLN 2025-07 4.25"]

    @Test("recoverable VAT: only the net is eligible; a line declaring its net is clean")
    func recoverableVAT() throws {
        let found = try P.audit(grant, [P.line(1, net: "1000.00", vat: "210.00"),
                                        P.line(2, invoice: "INV-2", net: "1000.00", vat: "210.00", declared: "1000.00")])
        #expect(P.rows(found) == ["error eligibility.recoverable-vat entry 1: 1000.00 1210.00 210.00 210.00"])
    }

    @Test("recoverable VAT on a foreign line is valued at the right rate, after the conversion's own finding")
    func vatAtTheRightRate() throws {
        // 4,250.00 + 850.00 PLN VAT at 4.00 (wrong) = 1,275.00 EUR. At 4.25: gross 1,200.00, net 1,000.00.
        let found = try P.audit(grant, [P.line(1, net: "4250.00", vat: "850.00", currency: "PLN", rate: "4.00")], rates: rates)
        #expect(P.rows(found) == ["error conversion.rate-month entry 1: 1200.00 1275.00 75.00 75.00",
                                  "error eligibility.recoverable-vat entry 1: 1000.00 1200.00 200.00 200.00"])
        #expect(found.map(\.correction.minorUnits).reduce(0, +) == 27_500)
    }

    @Test("a partner that cannot recover VAT may declare it")
    func notRecoverable() throws {
        let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])
        #expect(try P.audit(grant, [P.line(1, net: "1000.00", vat: "210.00")]).isEmpty)
    }
}
