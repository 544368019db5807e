import Foundation
import Testing
import GrantCore
import GrantKeys
import TestSupport
@testable import GrantStore

@Suite("The ledger database")
struct LedgerStoreTests {
    @Test("a new ledger is in WAL mode at the current schema; creating it again changes nothing")
    func createsOnce() throws {
        let fixture = try LedgerFixture()
        #expect(try fixture.store.schemaVersion() == 7)
        #expect(try fixture.store.journalMode() == "wal")
        let (again, created) = try LedgerStore.create(at: fixture.path, fileExists: true, owner: LedgerFixture.owner, name: "tester")
        #expect(!created)
        #expect(try again.projectCodes() == ["LLI-59"])
    }

    @Test("a database written by a newer version is refused and left byte for byte as it was")
    func newerSchemaRefused() throws {
        let fixture = try LedgerFixture()
        try fixture.tamper("PRAGMA user_version = 8")
        let before = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        #expect(throws: StoreError.newerSchema(path: fixture.path, found: 8, supported: Schema.currentVersion)) {
            try LedgerStore.open(at: fixture.path, fileExists: true)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: fixture.path)) == before)
    }

    @Test("a SQLite file of another application, or no SQLite at all, is refused")
    func notALedger() throws {
        let scratch = try ScratchFolder()
        let text = try scratch.write("notes.db", "this is not a database, just text that is long enough to look like a header......")
        #expect(throws: StoreError.notALedger(path: text, reason: "SQLite cannot read it")) { try LedgerStore.open(at: text, fileExists: true) }
        #expect(throws: StoreError.noDatabase(path: scratch.path + "/none.db")) { try LedgerStore.open(at: scratch.path + "/none.db", fileExists: false) }
    }

    @Test("loading the same definition again changes nothing; a different one under the code is refused")
    func loadOnce() throws {
        let fixture = try LedgerFixture()
        #expect(try fixture.store.loadProject(fixture.grant, by: fixture.at("2026-11-22T12:00:00Z")) == .alreadyLoaded)
        let grant = fixture.grant
        let changed = Grant(programme: grant.programme, project: grant.project, partners: grant.partners, fundingSources: grant.fundingSources,
                            costCategories: grant.costCategories, reportingPeriods: grant.reportingPeriods, approvals: grant.approvals,
                            budgetLines: Array(grant.budgetLines.dropLast()))
        #expect(throws: StoreError.self) { try fixture.store.loadProject(changed, by: fixture.at("2026-11-22T12:00:00Z")) }
        #expect(try fixture.store.grant("LLI-59") == grant)
        #expect(try fixture.store.chainHead().sequence == 1)
    }

    @Test("an import records every line and a batch entry with the exact count and total")
    func importsBatch() throws {
        let fixture = try LedgerFixture()
        let outcome = try fixture.importLines([LedgerFixture.line(invoice: "A", cents: 123_45), LedgerFixture.line(invoice: "B", cents: 1_00)])
        #expect(outcome.batch.lineCount == 2)
        #expect(outcome.batch.totalEuros.minorUnits == 124_45)
        #expect((outcome.firstSequence, outcome.lastSequence) == (2, 3))
        #expect(try fixture.store.chainHead().sequence == 4)
        #expect(try fixture.store.verify().isIntact)
    }

    @Test("a line that fails half-way through leaves the ledger exactly as it was")
    func importRollsBack() throws {
        struct BadLine: Error {}
        let fixture = try LedgerFixture()
        let before = try fixture.store.chainHead()
        #expect(throws: BadLine.self) {
            try fixture.store.importExpenditure(projectCode: "LLI-59", fileName: "x.csv", submittedOn: CalendarDate(year: 2026, month: 11, day: 22)!,
                                                by: fixture.at("2026-11-22T11:00:00Z")) { recorder in
                try recorder.record(LedgerFixture.line(invoice: "A", cents: 100), sourceLine: 2)
                try recorder.record(LedgerFixture.line(invoice: "B", cents: 100), sourceLine: 3)
                throw BadLine()
            }
        }
        #expect(try fixture.store.chainHead() == before)
        #expect(try fixture.store.ledgerLines(projectCode: "LLI-59", filter: .init()).isEmpty)
    }

    @Test("the same file twice is refused, naming the earlier batch")
    func sameFileRefused() throws {
        let fixture = try LedgerFixture()
        try fixture.importLines([LedgerFixture.line(invoice: "A", cents: 100)], file: "p1.csv")
        #expect {
            try fixture.importLines([LedgerFixture.line(invoice: "A", cents: 100)], file: "p1.csv")
        } throws: { error in
            guard case .refused(let message) = error as? StoreError else { return false }
            return message.hasPrefix("p1.csv was already imported into LLI-59 on 2026-11-22T11:00:00Z by tester as batch 1 (p1.csv)")
        }
        #expect(try fixture.store.chainHead().sequence == 3)
    }

    @Test("the same invoice twice is reported, within a file, across imports and partners, however spelled, until one is reversed")
    func duplicateInvoices() throws {
        let fixture = try LedgerFixture()
        let euro = try Money(minorUnits: 100, currency: .euro)
        let first = try fixture.importLines([LedgerFixture.line(invoice: "A", cents: 100), LedgerFixture.line(invoice: "A", cents: 100)], file: "1.csv")
        #expect(first.duplicates == [.init(supplier: "Supplier", invoiceNumber: "A", entries: [(2, "LP"), (3, "LP")], excess: euro)])
        try fixture.store.reverse(3, reason: "declared twice", period: nil, by: fixture.at("2026-11-22T12:00:00Z"))
        let second = try fixture.importLines([LedgerFixture.line(invoice: " a\u{200B}", cents: 100),
                                              LedgerFixture.line(invoice: "C", cents: 100)],
                                             file: "2.csv")
        #expect(second.duplicates == [.init(supplier: "Supplier", invoiceNumber: "A", entries: [(2, "LP"), (6, "LP")], excess: euro)])
        let other = try fixture.importLines([LedgerFixture.line(partner: "PP2", invoice: "Ａ", supplier: "SUPPLIER",
                                                                cents: 100)], file: "3.csv")
        #expect(other.duplicates == [.init(supplier: "Supplier", invoiceNumber: "A", entries: [(2, "LP"), (6, "LP"),
                (9, "PP2")], excess: euro)])
        let credit = try fixture.importLines([LedgerFixture.line(invoice: "C", cents: -100)], file: "4.csv")
        #expect(credit.duplicates.isEmpty)
    }

    @Test("a reversal cancels the amount exactly, once, in an open period")
    func reversals() throws {
        let fixture = try LedgerFixture()
        try fixture.importLines([LedgerFixture.line(period: 1, invoice: "A", cents: 750_20)])
        _ = try fixture.store.closePeriod(1, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z"))
        let reversal = try fixture.store.reverse(2, reason: "wrong invoice", period: nil, by: fixture.at("2026-11-22T13:00:00Z"))
        #expect(reversal.body == .reversal(original: 2, reason: "wrong invoice", periodNumber: 2, amount: try Money(minorUnits: -750_20, currency: .euro)))
        #expect(reversal.author == "tester")
        #expect(throws: StoreError.refused("entry 2 was already reversed by entry 5; an entry is reversed once")) {
            try fixture.store.reverse(2, reason: "again", period: nil, by: fixture.at("2026-11-22T13:00:00Z"))
        }
        #expect(throws: StoreError.refused("entry 3 is a import entry; only expenditure entries can be reversed")) {
            try fixture.store.reverse(3, reason: "x", period: nil, by: fixture.at("2026-11-22T13:00:00Z"))
        }
        #expect(throws: StoreError.refused("z.csv:2: period 1 was closed on 2026-11-22T12:00:00Z by tester; a closed "
            + "period takes no new entries")) {
            try fixture.importLines([LedgerFixture.line(period: 1, invoice: "Z", cents: 1)], file: "z.csv")
        }
        try fixture.importLines([LedgerFixture.line(period: 3, invoice: "Y", cents: 1)], file: "y.csv")
        #expect(throws: StoreError.refused("period 1 was closed on 2026-11-22T12:00:00Z by tester; post the "
            + "correction in an open period")) {
            try fixture.store.reverse(6, reason: "x", period: 1, by: fixture.at("2026-11-22T13:00:00Z"))
        }
        let lines = try fixture.store.ledgerLines(projectCode: "LLI-59", filter: .init(periodNumber: 2))
        #expect(lines.map(\.entry.sequence) == [5])
        #expect(try fixture.store.verify().isIntact)
    }

    @Test("a period closes once")
    func closeOnce() throws {
        let fixture = try LedgerFixture()
        _ = try fixture.store.closePeriod(2, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z"))
        #expect(throws: StoreError.refused("period 2 of LLI-59 was already closed on 2026-11-22T12:00:00Z by tester")) {
            try fixture.store.closePeriod(2, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z"))
        }
        #expect(throws: StoreError.refused("LLI-59 has no reporting period 9; its periods are 1, 2, 3, 4")) {
            try fixture.store.closePeriod(9, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z"))
        }
    }

    @Test("the engine itself cannot update or delete an entry: the triggers refuse")
    func appendOnly() throws {
        let fixture = try LedgerFixture()
        #expect(throws: StoreError.self) { try fixture.tamper("UPDATE entries SET author = 'x' WHERE sequence = 1") }
        #expect(throws: StoreError.self) { try fixture.tamper("DELETE FROM entries WHERE sequence = 1") }
    }
}
