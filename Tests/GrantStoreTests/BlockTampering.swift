import Testing
import GrantCore
@testable import GrantStore

/// Edits of stored blocks made as someone who knows the block format would make them: the
/// block is decoded, changed, encoded again with the stored hashes kept, and written back with SQL.
extension LedgerFixture {
    /// The expenditure sequences (stored in blocks) and the sequences stored as rows.
    func storedSequences() throws -> (blocks: [Int64], rows: [Int64]) {
        var blocks: [Int64] = []
        var rows: [Int64] = []
        try store.forEachStoredEntry { stored in
            if stored.block == nil { rows.append(stored.sequence) } else { blocks.append(stored.sequence) }
        }
        return (blocks, rows)
    }

    /// SQL that rewrites the block holding `sequence` after `edit` changed its entries' fields
    /// (canonical order, one array per entry), keeping every stored hash and invoice key.
    func blockEdit(sequence: Int64, _ edit: (inout [[FieldValue]]) -> Void) throws -> String {
        let block = try #require(try store.block(containing: sequence))
        var entries: [[FieldValue]] = []
        try block.forEachEntry { _, fields, _ in if let fields { entries.append(fields) } }
        edit(&entries)
        guard let first = entries.first, case .text(let project) = first[1], case .text(let author) = first[3],
              case .text(let recordedAt) = first[4] else {
            return "UPDATE entry_blocks SET body = X'', hashes = X'', invoice_keys = X'' WHERE first_sequence = \(block.firstSequence)"
        }
        let builder = EntryBlockBuilder(projectCode: project, author: author, recordedAt: recordedAt)
        for (index, fields) in entries.enumerated() {
            guard case .integer(let number) = fields[0] else { continue }
            builder.begin(sequence: number)
            for field in EntryBlock.bodyFields { builder.field(fields[field]) }
            builder.end(storedHash: Array(block.storedHash(min(index, block.storedCount - 1))), previous: block.previousHash,
                        invoiceKey: block.invoiceKey(index) ?? 0)
        }
        builder.compactOnly()
        return "UPDATE entry_blocks SET project = \(Self.literal(project)), author = \(Self.literal(author)), recorded_at = \(Self.literal(recordedAt)), "
            + "last_sequence = \(builder.lastSequence), body = \(Self.literal(builder.body.array)), hashes = \(Self.literal(builder.hashes.array)), "
            + "invoice_keys = \(Self.literal(builder.invoiceKeys.array)) WHERE first_sequence = \(block.firstSequence)"
    }

    /// SQL that flips the lowest bit of byte `offset` of column `column` of the block holding `sequence`.
    func blockByteFlip(sequence: Int64, column: String, offset: Int) throws -> String {
        let block = try #require(try store.block(containing: sequence))
        var bytes = switch column {
        case "body": block.body
        case "hashes": block.hashes
        case "invoice_keys": block.invoiceKeys
        default: block.previousHash
        }
        bytes[offset] ^= 1
        return "UPDATE entry_blocks SET \(column) = \(Self.literal(bytes)) WHERE first_sequence = \(block.firstSequence)"
    }

    /// A field changed so that it differs from what it held, as the row edits of the SQL tests do.
    static func changed(_ value: FieldValue) -> FieldValue {
        switch value {
        case .absent: .text("x")
        case .integer(let number): .integer(number + 1)
        case .text(let text): .text(text + "x")
        }
    }

    static func literal(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

    static func literal(_ bytes: [UInt8]) -> String { "X'" + bytes.hexadecimal + "'" }
}
