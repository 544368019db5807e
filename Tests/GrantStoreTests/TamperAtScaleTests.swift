import Foundation
import Testing
import GrantCore
import TestSupport
@testable import GrantStore

/// Hundreds of random edits made with raw SQL, each on a fresh copy of one populated ledger:
/// a changed field of any entry, a deleted entry, two entries swapped, a changed stored sum,
/// entries cut from the end. `verify`, given the head noted before, must catch every one.
@Suite("Tamper evidence at scale")
struct TamperAtScaleTests {
    enum Edit: CustomStringConvertible {
        case field(sequence: Int64, column: String, sql: String)
        case delete(sequence: Int64)
        case swap(Int64, Int64)
        case batchSum(delta: Int)
        case truncate(from: Int64)
        /// An edit of a stored block (see `BlockTampering`): what it does, the SQL, the entry it must name.
        case block(kind: String, sql: String, names: Int64?)

        var sql: String {
            switch self {
            case .field(let sequence, let column, let value): "UPDATE entries SET \(column) = \(value) WHERE sequence = \(sequence)"
            case .delete(let sequence): "DELETE FROM entries WHERE sequence = \(sequence)"
            case .swap(let first, let second):
                "UPDATE entries SET sequence = -1 WHERE sequence = \(first); UPDATE entries SET sequence = \(first) WHERE sequence = \(second); UPDATE entries SET sequence = \(second) WHERE sequence = -1"
            case .batchSum(let delta): "UPDATE batch_spend SET declared_minor = declared_minor + \(delta) WHERE rowid = (SELECT min(rowid) FROM batch_spend)"
            case .truncate(let first): "DELETE FROM entries WHERE sequence >= \(first); DELETE FROM entry_blocks WHERE first_sequence >= \(first)"
            case .block(_, let sql, _): sql
            }
        }

        var description: String { sql }

        var kind: String {
            switch self {
            case .field: "field"
            case .delete: "delete"
            case .swap: "swap"
            case .batchSum: "batch sum"
            case .truncate: "truncation"
            case .block(let kind, _, _): kind
            }
        }
    }

    static let integerColumns: Set<String> = ["batch", "source_line", "period", "net_minor", "vat_minor", "gross_minor", "amount_eur_minor",
                                              "reverses", "line_count", "controls", "certified_minor"]

    /// A random edit of a stored block that certainly changes the stored bytes: a field of an
    /// entry, a bit of the stored hashes or invoice keys, an entry removed, two entries swapped.
    static func randomBlockEdit(_ fixture: LedgerFixture, sequence: Int64, using generator: inout SeededGenerator) throws -> Edit {
        let block = try #require(try fixture.store.block(containing: sequence))
        let index = Int(sequence - block.firstSequence)
        switch Int.random(in: 0..<10, using: &generator) {
        case 0..<6:
            let field = EntryBlock.bodyFields.randomElement(using: &generator)!
            let sql = try fixture.blockEdit(sequence: sequence) { $0[index][field] = LedgerFixture.changed($0[index][field]) }
            return .block(kind: "block field", sql: sql, names: sequence)
        case 6:
            return .block(kind: "block hash bit", sql: try fixture.blockByteFlip(sequence: sequence, column: "hashes", offset: index * 32 + Int.random(in: 0..<32, using: &generator)), names: sequence)
        case 7:
            return .block(kind: "block invoice key bit", sql: try fixture.blockByteFlip(sequence: sequence, column: "invoice_keys", offset: index * 8 + Int.random(in: 0..<8, using: &generator)), names: sequence)
        case 8:
            return .block(kind: "block entry removed", sql: try fixture.blockEdit(sequence: sequence) { $0.remove(at: index) }, names: nil)
        default:
            let other = index == 0 ? 1 : index - 1
            let sql = try fixture.blockEdit(sequence: sequence) { entries in
                guard other < entries.count else { return entries[index][20] = LedgerFixture.changed(entries[index][20]) }
                let sequences = (entries[index][0], entries[other][0])
                entries.swapAt(index, other)
                (entries[index][0], entries[other][0]) = sequences
            }
            return .block(kind: "block entries swapped", sql: sql, names: nil)
        }
    }

    /// A random edit that certainly changes the stored bytes.
    static func randomEdit(_ fixture: LedgerFixture, entries: Int64, blockSequences: Set<Int64>, using generator: inout SeededGenerator) throws -> Edit {
        let roll = Int.random(in: 0..<100, using: &generator)
        let sequence = Int64.random(in: 1...entries, using: &generator)
        if roll < 94, blockSequences.contains(sequence) { return try randomBlockEdit(fixture, sequence: sequence, using: &generator) }
        switch roll {
        case 0..<70:
            let columns = (LedgerEntry.fieldNames + ["hash"]).filter { $0 != "sequence" }
            let column = columns.randomElement(using: &generator)!
            let value: String
            if column == "kind" {
                value = "CASE kind WHEN 'reversal' THEN 'payment' ELSE 'reversal' END"
            } else if integerColumns.contains(column) {
                value = "coalesce(\(column), 0) + \(Int.random(in: 1...1_000, using: &generator) * (Bool.random(using: &generator) ? 1 : -1))"
            } else {
                let characters = ["x", "0", " ", "ā", "'", "\u{00A0}"]
                value = "coalesce(\(column), '') || '\(characters.randomElement(using: &generator)!.replacingOccurrences(of: "'", with: "''"))'"
            }
            return .field(sequence: sequence, column: column, sql: value)
        case 70..<80:
            return .delete(sequence: sequence)
        case 80..<82:
            // Cutting the end leaves a chain whole in itself: caught against the head noted before.
            return .truncate(from: Int64.random(in: 2...entries, using: &generator))
        case 82..<94:
            let rows = (1...entries).filter { !blockSequences.contains($0) }
            let first = sequence
            var second = rows.randomElement(using: &generator)!
            if second == first { second = rows.first { $0 != first }! }
            return .swap(first, second)
        default:
            return .batchSum(delta: Int.random(in: 1...99, using: &generator))
        }
    }

    @Test("300 random edits with raw SQL, each caught by verify")
    func randomEditsCaught() throws {
        let fixture = try SpendSumTests.ledger()
        let entries = try fixture.store.chainHead().sequence
        let blockSequences = Set(try fixture.storedSequences().blocks)
        try fixture.tamper("PRAGMA wal_checkpoint(TRUNCATE)")
        let pristine = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        let head = try fixture.store.chainHead()
        let noted = (sequence: head.sequence, hashPrefix: String(head.hash.hexadecimal.prefix(12)))
        var generator = SeededGenerator(seed: 2_026_11_22)
        var kinds: [String: Int] = [:]
        for round in 0..<300 {
            let edit = try Self.randomEdit(fixture, entries: entries, blockSequences: blockSequences, using: &generator)
            let copy = fixture.scratch.path + "/copy-\(round).db"
            try pristine.write(to: URL(fileURLWithPath: copy))
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try LedgerFixture.execute("DROP TRIGGER entries_never_updated; DROP TRIGGER entries_never_deleted; DROP TRIGGER batch_spend_never_updated; "
                + "DROP TRIGGER entry_blocks_never_updated; DROP TRIGGER entry_blocks_never_deleted; " + edit.sql, on: copy)
            let result = try LedgerStore.open(at: copy, fileExists: true).verify(notedHead: noted)
            #expect(!result.isIntact, "round \(round): \(edit) was not caught")
            if case .field(let sequence, _, _) = edit {
                #expect(result.problems.contains { $0.sequence == sequence }, "round \(round): \(edit) is not named: \(result.problems.map(\.message))")
            }
            if case .block(_, _, let named?) = edit {
                #expect(result.problems.contains { $0.sequence == named }, "round \(round): \(edit) is not named: \(result.problems.map(\.message))")
            }
            kinds[edit.kind, default: 0] += 1
        }
        #expect(kinds.keys.sorted() == ["batch sum", "block entries swapped", "block entry removed", "block field", "block hash bit", "block invoice key bit",
                                        "delete", "field", "swap", "truncation"], "every kind of edit was drawn: \(kinds)")
        print("tamper at scale: \(kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))")
    }
}
