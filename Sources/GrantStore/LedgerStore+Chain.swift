import GrantCore

extension LedgerStore {
    /// The last entry's sequence and hash: where the next entry is chained on.
    public struct ChainHead: Equatable, Sendable {
        public let sequence: Int64
        public let hash: [UInt8]
    }

    /// The current head of the chain (sequence 0 and the genesis hash when the ledger is empty).
    public func chainHead() throws(StoreError) -> ChainHead {
        let statement = try database.prepare("SELECT sequence, hash FROM entries ORDER BY sequence DESC LIMIT 1")
        guard try statement.step() else { return ChainHead(sequence: 0, hash: LedgerEntry.genesisHash) }
        let text = statement.text(1) ?? ""
        return ChainHead(sequence: statement.integer(0), hash: LedgerEntry.bytes(hexadecimal: text) ?? [])
    }

    /// The column list of `entries` in canonical order, then the hash.
    static let entryColumns = LedgerEntry.fieldNames.joined(separator: ", ") + ", hash"
}

/// Appends entries to the chain within one write transaction: each is numbered after the head
/// and chained to the entry before it.
final class ChainAppender {
    private let insert: Statement
    private(set) var head: LedgerStore.ChainHead
    let projectCode: String
    let author: String
    let recordedAt: String

    init(store: LedgerStore, projectCode: String, author: String, recordedAt: String) throws(StoreError) {
        let placeholders = Array(repeating: "?", count: LedgerEntry.fieldNames.count + 1).joined(separator: ", ")
        insert = try store.database.prepare("INSERT INTO entries (\(LedgerStore.entryColumns)) VALUES (\(placeholders))")
        head = try store.chainHead()
        self.projectCode = projectCode
        self.author = author
        self.recordedAt = recordedAt
    }

    /// Writes `body` as the next entry and returns it.
    @discardableResult
    func append(_ body: LedgerEntryBody) throws(StoreError) -> LedgerEntry {
        let entry = LedgerEntry(sequence: head.sequence + 1, projectCode: projectCode, body: body, author: author,
                                recordedAt: recordedAt, previousHash: head.hash)
        let fields = entry.fields
        let hash = SHA256.hash(LedgerEntry.canonicalEncoding(of: fields))
        insert.reset()
        try insert.bindAndStep(fields.map(SQLValue.init) + [.text(hash.hexadecimal)])
        head = LedgerStore.ChainHead(sequence: entry.sequence, hash: hash)
        return entry
    }
}

extension SQLValue {
    init(_ field: FieldValue) {
        switch field {
        case .absent: self = .null
        case .integer(let number): self = .integer(number)
        case .text(let text): self = .text(text)
        }
    }

    var field: FieldValue {
        switch self {
        case .null: .absent
        case .integer(let number): .integer(number)
        case .text(let text): .text(text)
        }
    }
}
