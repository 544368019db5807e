import Testing
import GrantCore
import GrantKeys
import TestSupport
@testable import GrantStore

@Suite("Controller certification")
struct ControlTests {
    func euros(_ cents: Int64) throws -> Money { try Money(minorUnits: cents, currency: .euro) }

    /// LLI-59 with two staff lines (entries 2, 3) and the office flat-rate line (4) for LP, period 1.
    func ledger() throws -> LedgerFixture {
        let fixture = try LedgerFixture()
        try fixture.importLines([
            LedgerFixture.line(category: "staff", invoice: "S1", cents: 1_000_00),
            LedgerFixture.line(category: "staff", invoice: "S2", cents: 1_000_00),
            LedgerFixture.line(category: "office", invoice: "FR", supplier: "Flat rate", cents: 300_00),
        ])
        return fixture
    }

    @Test("a full certification, a partial one with its reason, and the latest verdict wins")
    func certifications() throws {
        let fixture = try ledger()
        let full = try fixture.store.control(2, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        #expect(full.body == .control(Control(entry: 2, certified: try euros(1_000_00), reason: nil, note: "")))
        try fixture.store.control(3, certified: try euros(800_00), reason: .noSupportingDocument, note: "timesheet",
            by: fixture.at("2026-11-22T12:00:00Z"))
        try fixture.store.control(2, certified: try euros(900_00), reason: .other, note: "second look",
            by: fixture.at("2026-11-22T13:00:00Z"))
        let lines = try fixture.store.ledgerLines(projectCode: "LLI-59", filter: .init(categoryID: "staff"))
        #expect(lines.map(\.certifiedEuros) == [try euros(900_00), try euros(800_00)])
        #expect(try fixture.store.verify().isIntact)
    }

    @Test("refusals: a deduction without reason, more than declared, a reversed entry, a non-expenditure entry")
    func refusals() throws {
        let fixture = try ledger()
        #expect(throws: StoreError.refused("certifying 800.00 of 1,000.00 EUR deducts 200.00; give the reason with --reason (outside-period, unpaid, recoverable-vat, duplicate, wrong-exchange-rate, flat-rate-base, no-supporting-document, not-project-related, procurement, over-budget, other)")) {
            try fixture.store.control(2, certified: try euros(800_00), reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        }
        #expect(throws: StoreError.refused("entry 2 declared 1,000.00 EUR; at most that can be certified, and not 1,000.01")) {
            try fixture.store.control(2, certified: try euros(1_000_01), reason: .other, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        }
        try fixture.store.reverse(3, reason: "wrong", period: nil, by: fixture.at("2026-11-22T12:00:00Z"))
        #expect(throws: StoreError.refused("entry 3 was reversed by entry 6; a reversed entry is not controlled")) {
            try fixture.store.control(3, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        }
        #expect(throws: StoreError.refused("entry 5 is a import entry; only expenditure entries are controlled")) {
            try fixture.store.control(5, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        }
    }

    @Test("a flat rate is certified on its certified base, once the base is controlled")
    func flatRateOnCertifiedBase() throws {
        let fixture = try ledger()
        #expect(throws: StoreError.refused("the office-15-of-staff flat rate follows its certified base; control its base entries first: 2, 3")) {
            try fixture.store.control(4, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        }
        try fixture.store.control(2, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        try fixture.store.control(3, certified: try euros(500_00), reason: .notProjectRelated, note: "",
            by: fixture.at("2026-11-22T12:00:00Z"))
        // 15% of the certified 1,500.00 is 225.00: 75.00 of the declared 300.00 is deducted.
        let flat = try fixture.store.control(4, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        #expect(flat.body == .control(Control(entry: 4, certified: try euros(225_00), reason: .flatRateBase, note: "")))
    }

    @Test("the audit finds a flat rate certified before a deduction in its base")
    func notRecomputed() throws {
        let fixture = try ledger()
        for entry: Int64 in [2, 3] { try fixture.store.control(entry, certified: nil, reason: nil, note: "",
            by: fixture.at("2026-11-22T12:00:00Z")) }
        try fixture.store.control(4, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:00:00Z"))
        try fixture.store.control(3, certified: try euros(600_00), reason: .other, note: "", by: fixture.at("2026-11-22T13:00:00Z"))
        let audit = Audit(grant: fixture.grant, pack: .interreg2014to2020,
                          lines: try fixture.store.ledgerLines(projectCode: "LLI-59", filter: .init()))
        let findings = try audit.findings().filter { $0.rule == .flatRateNotRecomputed }
        #expect(findings.map(\.place.entry) == [4])
        // Certified 300.00; 15% of the certified base 1,600.00 is 240.00.
        #expect(findings.first?.amounts?.expected == (try euros(240_00)))
        #expect(findings.first?.amounts?.found == (try euros(300_00)))
    }
}

@Suite("Programme funds above the approved")
struct ProgrammeFundsTests {
    @Test("spend past every partner's budget is reported per partner and for the project")
    func partnerAndProject() throws {
        let fixture = try LedgerFixture()
        try fixture.importLines([
            LedgerFixture.line(partner: "LP", category: "external", invoice: "X", cents: 300_000_00),
            LedgerFixture.line(partner: "PP2", category: "external", invoice: "Y", cents: 200_000_00),
        ])
        let audit = Audit(grant: fixture.grant, pack: .interreg2014to2020,
                          lines: try fixture.store.ledgerLines(projectCode: "LLI-59", filter: .init()))
        let findings = try audit.findings().filter { $0.rule == .programmeFundsAboveApproved }
        #expect(findings.map(\.place.partnerID) == ["LP", "PP2", nil])
        // The project's approved programme funds are 215,092.60 + 110,174.90.
        #expect(findings.last?.amounts?.expected == (try Money(minorUnits: 32_526_750, currency: .euro)))
        let partnerDraws = try findings.dropLast().map { try #require($0.amounts?.found) }
        #expect(findings.last?.amounts?.found == (try Money.sum(partnerDraws, currency: .euro)))
    }
}
