import Testing
import GrantCore
import TestSupport
@testable import GrantStore

@Suite("Spend sums stored per batch")
struct SpendSumTests {
    /// The tamper fixture, plus a reversal posted in a later period and a control of a line
    /// reversed afterwards (which no longer counts).
    static func ledger() throws -> LedgerFixture {
        let fixture = try TamperTests.populated()
        try fixture.importLines([LedgerFixture.line(category: "travel", invoice: "C", cents: 70_10),
                                 LedgerFixture.line(category: "travel", invoice: "D", cents: 30_00)], file: "3.csv")
        try fixture.store.control(10, certified: try Money(minorUnits: 60_00, currency: .euro), reason: .noSupportingDocument,
                                  note: "", author: "controller", recordedAt: "2026-11-22T16:00:00Z")
        try fixture.store.reverse(10, reason: "wrong partner", period: 2, author: "t", recordedAt: "2026-11-22T17:00:00Z")
        return fixture
    }

    @Test("the sums read from the batches equal the sums of every line, reversals and controls included")
    func sameAsLines() throws {
        let fixture = try Self.ledger()
        let stored = try fixture.store.spendIndex(projectCode: "LLI-59")
        let summed = try SpendIndex(try fixture.store.ledgerLines(projectCode: "LLI-59", filter: .init()))
        #expect(stored == summed)
        let staff = stored.cell(.init(partnerID: "LP", categoryID: "staff", periodNumber: 1))
        #expect(staff.declared.minorUnits == 100_00)  // 100.00 + 250.55 − 250.55
        #expect(staff.certified.minorUnits == 90_00 + 250_55 - 250_55)
        #expect(staff.entries == 3)
        let travel1 = stored.cell(.init(partnerID: "LP", categoryID: "travel", periodNumber: 1))
        #expect((travel1.declared.minorUnits, travel1.certified.minorUnits, travel1.entries) == (100_10, 70_10, 2))
        let travel2 = stored.cell(.init(partnerID: "LP", categoryID: "travel", periodNumber: 2))
        #expect((travel2.declared.minorUnits, travel2.certified.minorUnits, travel2.entries) == (-70_10, -70_10, 1))
    }

    @Test("a changed stored sum is caught by verify, naming the batch and cell")
    func tamperedSumDetected() throws {
        let fixture = try Self.ledger()
        try fixture.tamper("DROP TRIGGER batch_spend_never_updated; UPDATE batch_spend SET declared_minor = declared_minor + 1 WHERE category = 'external'")
        let result = try fixture.store.verify()
        #expect(result.problems.map(\.message) == [
            "the stored sum of import batch 2 for partner PP2, category external, period 2 is 1 lines totalling 946.89, but its lines in the ledger are 1 totalling 946.88",
        ])
    }

    @Test("a deleted stored sum is caught by verify")
    func deletedSumDetected() throws {
        let fixture = try Self.ledger()
        try fixture.tamper("DROP TRIGGER batch_spend_never_deleted; DELETE FROM batch_spend WHERE category = 'external'")
        #expect(try fixture.store.verify().problems.map(\.message) == [
            "import batch 2 has 1 lines for partner PP2, category external, period 2 but no stored sum for them",
        ])
    }

    @Test("a version-1 ledger is upgraded on opening: its batch sums are computed from its lines")
    func upgradesVersionOne() throws {
        let fixture = try Self.ledger()
        let expected = try fixture.store.spendIndex(projectCode: "LLI-59")
        try fixture.tamper("""
            DROP TABLE batch_spend; DROP INDEX entries_projects; DROP INDEX entries_payments; DROP INDEX entries_controls;
            PRAGMA user_version = 1;
            """)
        let reopened = try LedgerStore.open(at: fixture.path, fileExists: true)
        #expect(try reopened.schemaVersion() == 2)
        #expect(try reopened.spendIndex(projectCode: "LLI-59") == expected)
        #expect(try reopened.verify().isIntact)
    }
}
