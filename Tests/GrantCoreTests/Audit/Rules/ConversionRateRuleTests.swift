import GrantCore
import Testing
import TestSupport

@Suite("Rule conversion.rate-month")
struct ConversionRateRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00")])
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

    @Test("without a rate for the month the line is not checked, and says so")
    func unchecked() throws {
        let lines = [P.line(1, net: "2150.00", currency: "PLN", rate: "4.30")]
        let audit = Audit(grant: grant, pack: grant.programme.rulePack, lines: lines, batches: P.batches(["2025-08-10"]),
                          rates: RateTable())
        #expect(try audit.findings().isEmpty)
        #expect(audit.uncheckedRates().map(\.reason) == [.noRateForMonth(currency: Currency(code: "PLN")!, month: P.day("2025-08-10"))])
    }
}
