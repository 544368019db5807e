import GrantCore
import Testing
import TestSupport

@Suite("Rules conversion.rate-month and eligibility.recoverable-vat")
struct ConversionAndVATRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00", vatRecoverable: true)])
    let rates = ["PLN 2025-07 4.25"]

    @Test("a whole invoice at 4.00 instead of 4.25: the difference on its gross; half declared carries half")
    func onTheAmountDeclared() throws {
        // 4,250.00 PLN: 1,062.50 EUR at 4.00, 1,000.00 at 4.25.
        let whole = try P.audit(grant, [P.line(1, net: "4250.00", currency: "PLN", rate: "4.00")], rates: rates)
        #expect(P.rows(whole) == ["error conversion.rate-month entry 1: 1000.00 1062.50 62.50 62.50"])
        let half = try P.audit(grant, [P.line(1, net: "4250.00", currency: "PLN", rate: "4.00", declared: "531.25")], rates: rates)
        #expect(P.rows(half) == ["error conversion.rate-month entry 1: 500.00 531.25 31.25 31.25"])
    }

    @Test("an understated conversion is reported and corrects nothing")
    func understated() throws {
        let found = try P.audit(grant, [P.line(1, net: "2150.00", currency: "PLN", rate: "4.30")], rates: rates)
        #expect(P.rows(found) == ["error conversion.rate-month entry 1: 505.88 500.00 -5.88 0.00"])
    }

    @Test("recoverable VAT: only the net is eligible; a line declaring its net is clean")
    func recoverableVAT() throws {
        let found = try P.audit(grant, [P.line(1, net: "1000.00", vat: "210.00"), P.line(2, invoice: "INV-2", net: "1000.00", vat: "210.00",
                                                                                    declared: "1000.00")])
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
}
