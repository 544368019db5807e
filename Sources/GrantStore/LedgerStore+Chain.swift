import GrantCore

extension LedgerStore {
    /// The last entry's sequence and hash: where the next entry is chained on.
    public struct ChainHead: Equatable, Sendable {
        public let sequence: Int64
        public let hash: [UInt8]
    }

    /// The current head of the chain (sequence 0 and the genesis hash when the ledger is empty):
    /// the last row of `entries` or the last entry of the last block, whichever comes later.
    public func chainHead() throws(StoreError) -> ChainHead {
        var head = ChainHead(sequence: 0, hash: LedgerEntry.genesisHash)
        let statement = try database.prepare("SELECT sequence, hash FROM entries ORDER BY sequence DESC LIMIT 1")
        if try statement.step() {
            head = ChainHead(sequence: statement.integer(0), hash: LedgerEntry.bytes(hexadecimal: statement.text(1) ?? "") ?? [])
        }
        let block = try database.prepare("SELECT last_sequence, substr(hashes, -32) FROM entry_blocks ORDER BY first_sequence DESC LIMIT 1")
        if try block.step(), block.integer(0) > head.sequence {
            head = ChainHead(sequence: block.integer(0), hash: block.blob(1))
        }
        return head
    }

    /// The column list of `entries` in canonical order, then the hash.
    static let entryColumns = LedgerEntry.fieldNames.joined(separator: ", ") + ", hash"
}

/// Appends entries to the chain within one write transaction: each is numbered after the head
/// and chained to the entry before it. Expenditure entries gather in a block, written when it is
/// full, when the batch changes, and before any other entry (so the rows stay in ledger order);
/// the import's closing entry writes its batch's last block.
final class ChainAppender {
    private let insert: Statement
    private let blocks: BlockWriter
    private var block: EntryBlockBuilder
    private var blockBatch: Int64?
    private(set) var head: LedgerStore.ChainHead
    let projectCode: String
    let author: String
    let recordedAt: String

    init(store: LedgerStore, projectCode: String, author: String, recordedAt: String) throws(StoreError) {
        let placeholders = Array(repeating: "?", count: LedgerEntry.fieldNames.count + 1).joined(separator: ", ")
        insert = try store.database.prepare("INSERT INTO entries (\(LedgerStore.entryColumns)) VALUES (\(placeholders))")
        blocks = try BlockWriter(database: store.database)
        block = EntryBlockBuilder(projectCode: projectCode, author: author, recordedAt: recordedAt)
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
        if case .expenditure(_, let batch, _) = body {
            if blockBatch != batch || block.count == EntryBlock.capacity { try writeBlock() }
            blockBatch = batch
            block.begin(sequence: entry.sequence, previous: head.hash)
            for index in EntryBlock.bodyFields { block.field(fields[index]) }
            let hash = block.finish(previous: head.hash, invoiceKey: EntryBlock.invoiceKey(of: fields))
            head = LedgerStore.ChainHead(sequence: entry.sequence, hash: hash)
            return entry
        }
        try writeBlock()
        let hash = SHA256.hash(LedgerEntry.canonicalEncoding(of: fields))
        insert.reset()
        try insert.bindAndStep(fields.map(SQLValue.init) + [.text(hash.hexadecimal)])
        head = LedgerStore.ChainHead(sequence: entry.sequence, hash: hash)
        return entry
    }

    /// Writes a euro line given as bytes as the next entry (an expenditure entry of `batch`) and
    /// returns its sequence. The fields are those `LedgerEntry.fields` gives for the same line;
    /// the import tests hold the two to the same entries and hashes.
    func appendEuroLine(_ line: EuroLineBytes, batch: Int64, sourceLine: Int) throws(StoreError) -> Int64 {
        if blockBatch != batch || block.count == EntryBlock.capacity { try writeBlock() }
        blockBatch = batch
        let sequence = head.sequence + 1
        block.begin(sequence: sequence, previous: head.hash)
        block.integer(batch)
        block.integer(Int64(sourceLine))
        block.text(line.partnerID)
        block.text(line.categoryID)
        block.integer(Int64(line.periodNumber))
        block.text(line.invoiceNumber)
        block.text(line.supplier)
        block.text(line.invoiceDate)
        if let paid = line.paymentDate { block.text(paid) } else { block.absent() }
        Self.euro.withUnsafeBufferPointer { block.text($0) }
        block.integer(line.netCents)
        block.integer(line.vatCents)
        block.integer(line.grossCents)
        block.absent()  // exchange_rate
        block.integer(line.declaredCents)
        block.text(line.description)
        block.text(line.documentReference)
        for _ in 22..<(LedgerEntry.fieldNames.count - 1) { block.absent() }
        let key = EntryBlock.invoiceKey(partner: line.partnerID, supplier: line.supplier, invoice: line.invoiceNumber)
        head = LedgerStore.ChainHead(sequence: sequence, hash: block.finish(previous: head.hash, invoiceKey: key))
        return sequence
    }

    private static let euro = Array(Currency.euro.code.utf8)

    /// Writes the gathered expenditure entries, if any, as one block.
    private func writeBlock() throws(StoreError) {
        guard !block.isEmpty else { return }
        try blocks.write(block)
        block.clear()
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
