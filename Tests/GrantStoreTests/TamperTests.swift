import Foundation
import Testing
import GrantCore
import GrantKeys
import TestSupport
@testable import GrantStore

@Suite("Tamper evidence")
struct TamperTests {
    /// A ledger with every kind of entry: project (1), two lines (2, 3), batch (4), reversal (5),
    /// a non-euro line (6) with its batch (7), a closed period (8) and a partial certification (9).
    static func populated() throws -> LedgerFixture {
        let fixture = try LedgerFixture()
        try fixture.importLines([LedgerFixture.line(invoice: "A", cents: 100_00), LedgerFixture.line(invoice: "B", cents: 250_55)], file: "1.csv")
        try fixture.store.reverse(3, reason: "duplicate", period: nil, by: fixture.at("2026-11-22T12:00:00Z"))
        let pln = Currency(code: "PLN")!
        let gross = try Money(minorUnits: 4_000_00, currency: pln)
        let rate = try ExchangeRate(currency: pln, text: "4.2244")
        let line = ExpenditureLine(partnerID: "PP2", categoryID: "external", periodNumber: 2, invoiceNumber: "P-1", supplier: "Sp. z o.o.",
                                   invoiceDate: CalendarDate(year: 2017, month: 9, day: 20)!, paymentDate: CalendarDate(year: 2017, month: 10, day: 10)!,
                                   net: gross, vat: .zero(pln), gross: gross, exchangeRate: rate,
                                   declaredEuros: try rate.euros(for: gross, rounding: .halfUp), description: "licence", documentReference: "D")
        try fixture.importLines([line], file: "2.csv")
        _ = try fixture.store.closePeriod(4, projectCode: "LLI-59", by: fixture.at("2026-11-22T14:00:00Z"))
        try fixture.store.control(2, certified: try Money(minorUnits: 90_00, currency: .euro), reason: .noSupportingDocument,
                                  note: "receipt missing", by: fixture.at("2026-11-22T15:00:00Z"))
        return fixture
    }

    @Test("an untouched ledger verifies clean")
    func clean() throws {
        let fixture = try Self.populated()
        let result = try fixture.store.verify()
        #expect(result.isIntact)
        #expect(result.entriesChecked == 9)
        #expect(result.head.sequence == 9)
    }

    /// Every stored column of every kind of entry, with a value that differs from any it holds.
    static let edits: [(column: String, value: String)] = LedgerEntry.fieldNames.filter { $0 != "sequence" }.map { name in
        switch name {
        case "batch", "source_line", "period", "net_minor", "vat_minor", "gross_minor", "amount_eur_minor", "reverses", "line_count":
            (name, "coalesce(\(name), 0) + 1")
        case "kind":
            (name, "CASE kind WHEN 'project' THEN 'import' ELSE 'project' END")
        default:
            (name, "coalesce(\(name), '') || 'x'")
        }
    } + [("hash", "CASE substr(hash, 1, 1) WHEN '0' THEN '1' ELSE '0' END || substr(hash, 2)")]

    @Test("changing any stored field of any entry stored as a row is detected and names that entry",
          arguments: edits, [Int64(1), 4, 5, 7, 8, 9])
    func anyEditDetected(edit: (column: String, value: String), sequence: Int64) throws {
        let fixture = try Self.populated()
        try fixture.tamper("DROP TRIGGER entries_never_updated; UPDATE entries SET \(edit.column) = \(edit.value) WHERE sequence = \(sequence)")
        let result = try fixture.store.verify()
        #expect(!result.isIntact)
        #expect(result.problems.first?.sequence == sequence, "\(edit.column) of entry \(sequence): \(result.problems.map(\.message))")
    }

    @Test("the expenditure entries are stored in blocks, one per import; the rest as rows")
    func storage() throws {
        let fixture = try Self.populated()
        let stored = try fixture.storedSequences()
        #expect(stored.blocks == [2, 3, 6])
        #expect(stored.rows == [1, 4, 5, 7, 8, 9])
    }

    @Test("changing any field of an expenditure entry in its block is detected and names that entry",
          arguments: Array(EntryBlock.bodyFields), [Int64(2), 3, 6])
    func anyBlockFieldEditDetected(field: Int, sequence: Int64) throws {
        let fixture = try Self.populated()
        let sql = try fixture.blockEdit(sequence: sequence) { entries in
            let index = entries.firstIndex { $0[0] == .integer(sequence) }!
            entries[index][field] = LedgerFixture.changed(entries[index][field])
        }
        try fixture.tamper("DROP TRIGGER entry_blocks_never_updated; " + sql)
        let result = try fixture.store.verify()
        #expect(result.problems.first?.sequence == sequence, "\(LedgerEntry.fieldNames[field]) of entry \(sequence): \(result.problems.map(\.message))")
    }

    @Test("a block's shared columns (project, author, time, previous hash) are covered by each entry's hash",
          arguments: ["project = project || 'x'", "author = 'x'", "recorded_at = '2026-11-22T11:00:01Z'", "previous_hash = zeroblob(32)"])
    func blockColumnEditDetected(edit: String) throws {
        let fixture = try Self.populated()
        try fixture.tamper("PRAGMA foreign_keys = OFF; DROP TRIGGER entry_blocks_never_updated; UPDATE entry_blocks SET \(edit) WHERE first_sequence = 2")
        let result = try fixture.store.verify()
        #expect(result.problems.first?.sequence == 2, "\(edit): \(result.problems.map(\.message))")
    }

    @Test("flipping any bit 0 of any byte of a block's body, hashes or invoice keys is detected")
    func anyBlockByteFlipDetected() throws {
        let fixture = try Self.populated()
        let block = try #require(try fixture.store.block(containing: 2))
        var flips = 0
        for (column, count) in [("body", block.body.count), ("hashes", block.hashes.count), ("invoice_keys", block.invoiceKeys.count)] {
            for offset in 0..<count {
                let copy = fixture.scratch.path + "/flip.db"
                try LedgerFixture.execute("VACUUM INTO '\(copy)'", on: fixture.path)
                defer { try? FileManager.default.removeItem(atPath: copy) }
                try LedgerFixture.execute("DROP TRIGGER entry_blocks_never_updated; " + (try fixture.blockByteFlip(sequence: 2, column: column, offset: offset)), on: copy)
                let result = try LedgerStore.open(at: copy, fileExists: true).verify()
                #expect(result.problems.first.map { (2...3).contains($0.sequence ?? 0) } == true, "\(column) byte \(offset): \(result.problems.map(\.message))")
                flips += 1
            }
        }
        #expect(flips == block.body.count + 64 + 16)
    }

    @Test("an entry removed from its block, and a whole block removed, are named")
    func blockDeletionDetected() throws {
        let inside = try Self.populated()
        try inside.tamper("DROP TRIGGER entry_blocks_never_updated; " + (try inside.blockEdit(sequence: 2) { entries in
            entries.remove(at: 0)
            entries[0][0] = .integer(2)
        }))
        #expect(try inside.store.verify().problems.first?.sequence == 2)
        let whole = try Self.populated()
        try whole.tamper("DROP TRIGGER entry_blocks_never_deleted; DELETE FROM entry_blocks WHERE first_sequence = 6")
        #expect(try whole.store.verify().problems.first == .init(sequence: 6, message: "entry 6 is missing: the ledger jumps from entry 5 to 7"))
    }

    @Test("a deleted entry is named as missing")
    func deletionDetected() throws {
        let fixture = try Self.populated()
        try fixture.tamper("DROP TRIGGER entries_never_deleted; DELETE FROM entries WHERE sequence = 7")
        let result = try fixture.store.verify()
        #expect(result.problems.first == .init(sequence: 7, message: "entry 7 is missing: the ledger jumps from entry 6 to 8"))
    }

    @Test("entries cut from the end leave a chain whole in itself, found against the noted head")
    func truncationFound() throws {
        let fixture = try Self.populated()
        let head = try fixture.store.chainHead()
        let noted = (sequence: head.sequence, hashPrefix: String(head.hash.hexadecimal.prefix(12)))
        #expect(try fixture.store.verify(notedHead: noted).isIntact)
        try fixture.tamperCarefully("DELETE FROM entries WHERE sequence >= 8")
        // The signatures of entries 8 and 9 are still there: they tell on the cut.
        #expect(try fixture.store.verify().problems.map(\.message)
            == ["a signature covers entries up to 9, but the ledger ends at entry 7: entries were removed from the end"])
        // A careful forger removes those signatures too; only the noted head tells then.
        try fixture.tamperCarefully("DELETE FROM signatures WHERE last_sequence >= 8")
        #expect(try fixture.store.verify().isIntact)
        let messages = try fixture.store.verify(notedHead: noted).problems.map(\.message)
        #expect(messages == ["entry 9 was noted as the chain head, but the ledger now ends at entry 7: entries were removed from the end"])
    }

    @Test("lines whose import entry is gone are named as an incomplete batch")
    func incompleteBatchDetected() throws {
        let fixture = try Self.populated()
        try fixture.tamperCarefully("DELETE FROM entries WHERE sequence = 4")
        let messages = try fixture.store.verify().problems.map(\.message)
        #expect(messages == [
            "entry 4 is missing: the ledger jumps from entry 3 to 5",
            "entries of import batch 1 have no import entry closing the batch: the batch is incomplete",
            "entry 5 does not chain to entry 3: its previous hash is not that entry's hash",
        ])
    }

    @Test("a changed budget line or partner name is detected against the loaded fingerprint")
    func definitionChangeDetected() throws {
        let fixture = try Self.populated()
        try fixture.tamper("UPDATE budget_lines SET amount_minor = amount_minor + 1 WHERE position = 0")
        let result = try fixture.store.verify()
        #expect(result.problems == [.init(sequence: 1, message: "project LLI-59: the stored definition (partners, sources, categories, periods, approved amounts or budget lines) no longer matches the fingerprint chained when it was loaded")])
    }
}

@Suite("verify re-checks what the engine enforces, and the schema itself")
struct VerifyInvariantTests {
    @Test("lines an import would refuse are named: unknown partner, category or period, gross not net + VAT, more than gross")
    func lineInvariants() throws {
        let fixture = try LedgerFixture()
        let good = LedgerFixture.line(invoice: "A", cents: 100)
        let euro = { (cents: Int64) in try! Money(minorUnits: cents, currency: .euro) }
        let bad = [
            LedgerFixture.line(partner: "XX", invoice: "B", cents: 100),
            LedgerFixture.line(category: "catering", invoice: "C", cents: 100),
            LedgerFixture.line(period: 9, invoice: "D", cents: 100),
            ExpenditureLine(partnerID: "LP", categoryID: "staff", periodNumber: 1, invoiceNumber: "E", supplier: "S",
                            invoiceDate: good.invoiceDate,
                            paymentDate: nil, net: euro(100), vat: euro(21), gross: euro(100), exchangeRate: nil, declaredEuros: euro(100),
                            description: "", documentReference: ""),
            ExpenditureLine(partnerID: "LP", categoryID: "staff", periodNumber: 1, invoiceNumber: "F", supplier: "S",
                            invoiceDate: good.invoiceDate,
                            paymentDate: nil, net: euro(100), vat: euro(0), gross: euro(100), exchangeRate: nil, declaredEuros: euro(150),
                            description: "", documentReference: ""),
        ]
        try fixture.importLines([good] + bad)
        #expect(try fixture.store.verify().problems.map(\.message) == [
            "entry 3 names partner XX, which project LLI-59 does not have",
            "entry 4 names cost category catering, which project LLI-59 does not have",
            "entry 5 is posted in period 9, which project LLI-59 does not have",
            "entry 6 states a gross of 1.00, not its net 1.00 + VAT 0.21",
            "entry 7 declares 1.50 EUR of an invoice whose gross is 1.00 EUR",
        ])
    }

    @Test("a dropped trigger or unique index, an added table, and a project inserted without its chained definition are found",
          arguments: [("DROP TRIGGER entries_never_updated", "the schema lacks trigger entries_never_updated: it was "
              + "dropped behind the engine's back"),
                      ("DROP INDEX entries_one_reversal", "the schema lacks index entries_one_reversal: it was dropped "
                          + "behind the engine's back"),
                      ("CREATE TABLE notes (x)", "the schema holds table notes, which this version does not make"),
                      ("INSERT INTO projects SELECT 'X-1', acronym, title, programme, rule_pack, start_date, end_date, "
                          + "currency, approval_date FROM projects",
                       "project X-1 is in the ledger, but no chained entry loaded it: it was added behind the engine's back")])
    func schema(sql: String, message: String) throws {
        let fixture = try LedgerFixture()
        try fixture.tamper(sql)
        let problems = try fixture.store.verify().problems.map(\.message)
        #expect(problems.contains(message), "\(problems)")
    }
}
