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

        var sql: String {
            switch self {
            case .field(let sequence, let column, let value): "UPDATE entries SET \(column) = \(value) WHERE sequence = \(sequence)"
            case .delete(let sequence): "DELETE FROM entries WHERE sequence = \(sequence)"
            case .swap(let first, let second):
                "UPDATE entries SET sequence = -1 WHERE sequence = \(first); UPDATE entries SET sequence = \(first) WHERE sequence = \(second); UPDATE entries SET sequence = \(second) WHERE sequence = -1"
            case .batchSum(let delta): "UPDATE batch_spend SET declared_minor = declared_minor + \(delta) WHERE rowid = (SELECT min(rowid) FROM batch_spend)"
            case .truncate(let first): "DELETE FROM entries WHERE sequence >= \(first)"
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
            }
        }
    }

    static let integerColumns: Set<String> = ["batch", "source_line", "period", "net_minor", "vat_minor", "gross_minor", "amount_eur_minor",
                                              "reverses", "line_count", "controls", "certified_minor"]

    /// A random edit that certainly changes the stored bytes.
    static func randomEdit(entries: Int64, using generator: inout SeededGenerator) -> Edit {
        let roll = Int.random(in: 0..<100, using: &generator)
        let sequence = Int64.random(in: 1...entries, using: &generator)
        switch roll {
        case 0..<70:
            let columns = (LedgerEntry.fieldNames + ["hash"]).filter { $0 != "sequence" }
            let column = columns.randomElement(using: &generator)!
            let value: String
            if column == "kind" {
                value = "CASE kind WHEN 'expenditure' THEN 'reversal' ELSE 'expenditure' END"
            } else if integerColumns.contains(column) {
                value = "coalesce(\(column), 0) + \(Int.random(in: 1...1_000, using: &generator) * (Bool.random(using: &generator) ? 1 : -1))"
            } else {
                let characters = ["x", "0", " ", "ā", "'", "\u{00A0}"]
                value = "coalesce(\(column), '') || '\(characters.randomElement(using: &generator)!.replacingOccurrences(of: "'", with: "''"))'"
            }
            return .field(sequence: sequence, column: column, sql: value)
        case 70..<80:
            return .delete(sequence: Int64.random(in: 1...entries, using: &generator))
        case 80..<82:
            // Cutting the end leaves a chain whole in itself: caught against the head noted before.
            return .truncate(from: Int64.random(in: 2...entries, using: &generator))
        case 82..<94:
            let first = Int64.random(in: 1...entries, using: &generator)
            var second = Int64.random(in: 1...entries, using: &generator)
            if second == first { second = first == 1 ? 2 : first - 1 }
            return .swap(first, second)
        default:
            return .batchSum(delta: Int.random(in: 1...99, using: &generator))
        }
    }

    @Test("300 random edits with raw SQL, each caught by verify")
    func randomEditsCaught() throws {
        let fixture = try SpendSumTests.ledger()
        let entries = try fixture.store.chainHead().sequence
        try fixture.tamper("PRAGMA wal_checkpoint(TRUNCATE)")
        let pristine = try Data(contentsOf: URL(fileURLWithPath: fixture.path))
        let head = try fixture.store.chainHead()
        let noted = (sequence: head.sequence, hashPrefix: String(head.hash.hexadecimal.prefix(12)))
        var generator = SeededGenerator(seed: 2_026_11_22)
        var kinds: [String: Int] = [:]
        for round in 0..<300 {
            let edit = Self.randomEdit(entries: entries, using: &generator)
            let copy = fixture.scratch.path + "/copy-\(round).db"
            try pristine.write(to: URL(fileURLWithPath: copy))
            defer { try? FileManager.default.removeItem(atPath: copy) }
            try LedgerFixture.execute("DROP TRIGGER entries_never_updated; DROP TRIGGER entries_never_deleted; DROP TRIGGER batch_spend_never_updated; " + edit.sql, on: copy)
            let result = try LedgerStore.open(at: copy, fileExists: true).verify(notedHead: noted)
            #expect(!result.isIntact, "round \(round): \(edit) was not caught")
            if case .field(let sequence, _, _) = edit {
                #expect(result.problems.contains { $0.sequence == sequence }, "round \(round): \(edit) is not named: \(result.problems.map(\.message))")
            }
            kinds[edit.kind, default: 0] += 1
        }
        #expect(kinds.keys.sorted() == ["batch sum", "delete", "field", "swap", "truncation"], "every kind of edit was drawn: \(kinds)")
        print("tamper at scale: \(kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))")
    }
}
