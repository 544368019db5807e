import GrantCore
import Testing
import TestSupport

@Suite("Line rules in precedence: each ineligible euro counted once")
struct LinePrecedenceTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00", vatRecoverable: true)])

    @Test("a repeated invoice outside the period with recoverable VAT: the period takes all, the others nothing")
    func periodTakesAll() throws {
        let lines = [P.line(1, invoiceDate: "2025-02-01", net: "1000.00", vat: "210.00", declared: "1000.00"),
                     P.line(2, invoiceDate: "2024-12-01", net: "1000.00", vat: "210.00")]
        let found = try P.audit(grant, lines)
        #expect(P.rows(found) == ["error eligibility.project-period entry 2: 0.00 1210.00 1210.00 1210.00",
                                  "error eligibility.recoverable-vat entry 2: 0.00 0.00 0.00 0.00",
                                  "error duplicate.same-report entry 2: 0.00 0.00 0.00 0.00"])
        #expect(found.map(\.correction.minorUnits).reduce(0, +) == 121_000)
        #expect(found[1].takenBeforeOnLine == P.euros("1210.00"))
    }

    @Test("an invoice's net declared, then its gross again: the VAT first, then the excess on the rest: the whole line")
    func vatThenExcess() throws {
        // Gross 1,210.00 (net 1,000.00): line 1 declares the net, line 2 the gross. Line 2's VAT is 210.00; its parts
        // then add up to 2,210.00 against the gross, so the 1,000.00 left of it is declared twice.
        let lines = [P.line(1, net: "1000.00", vat: "210.00", declared: "1000.00"), P.line(2, net: "1000.00", vat: "210.00")]
        let found = try P.audit(grant, lines)
        #expect(P.rows(found) == ["error eligibility.recoverable-vat entry 2: 1000.00 1210.00 210.00 210.00",
                                  "error duplicate.same-report entry 2: 0.00 1000.00 1000.00 1000.00"])
        #expect(found.map(\.correction.minorUnits).reduce(0, +) == 121_000)
    }
}
