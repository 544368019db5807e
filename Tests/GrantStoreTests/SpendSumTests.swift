import Testing
import GrantCore
import GrantKeys
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
                                  note: "", by: fixture.at("2026-11-22T16:00:00Z"))
        try fixture.store.reverse(10, reason: "wrong partner", period: 2, by: fixture.at("2026-11-22T17:00:00Z"))
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
        try fixture.tamperCarefully("UPDATE batch_spend SET declared_minor = declared_minor + 1 WHERE category = 'external'")
        let result = try fixture.store.verify()
        #expect(result.problems.map(\.message) == [
            "the stored sum of import batch 2 for partner PP2, category external, period 2 is 1 lines totalling 946.89, but its lines in the ledger are 1 totalling 946.88",
        ])
    }

    @Test("a deleted stored sum is caught by verify")
    func deletedSumDetected() throws {
        let fixture = try Self.ledger()
        try fixture.tamperCarefully("DELETE FROM batch_spend WHERE category = 'external'")
        #expect(try fixture.store.verify().problems.map(\.message) == [
            "import batch 2 has 1 lines for partner PP2, category external, period 2 but no stored sum for them",
        ])
    }

    @Test("a ledger of schema version 1 or 2 (every entry a row) is upgraded on opening: expenditure moves into blocks, every entry and hash kept",
          arguments: [Int32(1), 2])
    func upgradesRowLedger(version: Int32) throws {
        let fixture = try Self.ledger()
        let expected = try fixture.store.spendIndex(projectCode: "LLI-59")
        let head = try fixture.store.chainHead()
        let path = try Self.rowsOnlyCopy(of: fixture, version: version)
        let reopened = try LedgerStore.open(at: path, fileExists: true)
        #expect(try reopened.schemaVersion() == Int64(Schema.currentVersion))
        #expect(try reopened.spendIndex(projectCode: "LLI-59") == expected)
        let verification = try reopened.verify()
        #expect(verification.isIntact, "\(verification.problems)")
        #expect(verification.head == head)
        for sequence in 1...head.sequence { #expect(try reopened.entry(sequence) == fixture.store.entry(sequence)) }
        var blocks: [ClosedRange<Int64>] = []
        try reopened.forEachBlock(projectCode: "LLI-59") { blocks.append($0.firstSequence...$0.lastSequence) }
        #expect(blocks == [2...3, 6...6, 10...11])
    }

    @Test("a ledger of schema version 3 is upgraded on opening: its invoice keys computed again, every entry and hash kept")
    func upgradesInvoiceKeys() throws {
        let fixture = try Self.ledger()
        var keys: [UInt64] = []
        try fixture.store.forEachBlock(projectCode: nil) { block in keys += (0..<block.storedCount).compactMap(block.invoiceKey) }
        let head = try fixture.store.chainHead()
        try fixture.tamper("DROP TRIGGER entry_blocks_never_updated; UPDATE entry_blocks SET invoice_keys = zeroblob(length(invoice_keys));"
                           + "CREATE TRIGGER entry_blocks_never_updated BEFORE UPDATE ON entry_blocks BEGIN SELECT RAISE(ABORT, 'no'); END;"
                           + "DROP TABLE ledger_owner; DROP TABLE signatures; DROP TABLE project_flat_rates; PRAGMA user_version = 3")
        let reopened = try LedgerStore.open(at: fixture.path, fileExists: true)
        #expect(try reopened.schemaVersion() == Int64(Schema.currentVersion))
        var rekeyed: [UInt64] = []
        try reopened.forEachBlock(projectCode: nil) { block in rekeyed += (0..<block.storedCount).compactMap(block.invoiceKey) }
        #expect(rekeyed == keys && !keys.contains(0))
        let verification = try reopened.verify()
        #expect(verification.isIntact, "\(verification.problems)")
        #expect(verification.head == head)
        // Made before signatures: every entry is reported unsigned, and the ledger has no owner until one claims it.
        #expect(verification.unsignedEntries == head.sequence && verification.owner == nil)
        #expect(throws: StoreError.self) { try LedgerFixture.execute("UPDATE entry_blocks SET author = 'x'", on: fixture.path) }
    }

    /// The fixture's ledger as schema version `version` wrote it, every entry a row: the tables
    /// of that version, the fixture's project tables, and its entries with their hashes.
    static func rowsOnlyCopy(of fixture: LedgerFixture, version: Int32) throws -> String {
        let path = fixture.scratch.path + "/version-\(version).db"
        var sql = "PRAGMA application_id = \(LedgerStore.applicationID);"
        for step in Schema.migrations.prefix(Int(version)).joined() { if case .sql(let text) = step { sql += text } }
        sql += "ATTACH '\(fixture.path)' AS current;"
        for table in ["projects", "funding_sources", "cost_categories", "reporting_periods", "partners", "partner_approvals", "budget_lines"] {
            sql += "INSERT INTO \(table) SELECT * FROM current.\(table);"
        }
        if version >= 2 { sql += "INSERT INTO batch_spend SELECT * FROM current.batch_spend;" }
        for sequence in 1...(try fixture.store.chainHead().sequence) {
            let entry = try fixture.store.entry(sequence)
            let values = entry.fields.map(LedgerFixture.literal)
            sql += "INSERT INTO entries (\(LedgerStore.entryColumns)) VALUES (\(values.joined(separator: ", ")), '\(entry.hash.hexadecimal)');"
        }
        try LedgerFixture.execute(sql + "DETACH current; PRAGMA user_version = \(version);", on: path)
        return path
    }
}
