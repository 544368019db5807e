import GrantCore
import GrantKeys

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
        let block = try database.prepare("SELECT last_sequence, substr(hashes, length(hashes) - 31) FROM entry_blocks "
                                         + "ORDER BY first_sequence DESC LIMIT 1")
        if try block.step(), block.integer(0) > head.sequence {
            head = ChainHead(sequence: block.integer(0), hash: block.blob(1))
        }
        return head
    }

    /// When the last entry was recorded, or nil when the ledger is empty.
    func lastRecordedAt() throws(StoreError) -> String? {
        var last: (sequence: Int64, time: String)?
        let row = try database.prepare("SELECT sequence, recorded_at FROM entries ORDER BY sequence DESC LIMIT 1")
        if try row.step() { last = (row.integer(0), row.text(1) ?? "") }
        let block = try database.prepare("SELECT last_sequence, recorded_at FROM entry_blocks ORDER BY first_sequence DESC LIMIT 1")
        if try block.step(), block.integer(0) > last?.sequence ?? 0 { last = (block.integer(0), block.text(1) ?? "") }
        return last?.time
    }

    /// The column list of `entries` in canonical order, then the hash.
    static let entryColumns = LedgerEntry.fieldNames.joined(separator: ", ") + ", hash"
}

/// Appends entries to the chain within one write transaction: each is numbered after the head
/// and chained to the entry before it. Expenditure entries gather in a block, handed when it is
/// full or the batch changes to a `BlockPipeline`, which hashes and writes blocks on a second
/// thread; any other entry first waits for the blocks before it (so the chain and the rows stay
/// in ledger order). An import's closing entry so writes its batch's last block.
///
/// The author is the name the signing key is registered under; `seal` signs the head the
/// command ends at. Entries are never recorded earlier than the entry before them.
final class ChainAppender {
    private let insert: any Statement
    private let pipeline: BlockPipeline
    /// Whether blocks list their lines' partners (on a server, which lets each login write its own).
    private let listPartners: Bool
    private var block: EntryBlockBuilder
    private var blockBatch: Int64?
    /// The last entry's sequence, and its hash once the blocks before it are written.
    private(set) var lastSequence: Int64
    private var lastHash: [UInt8]?
    let projectCode: String
    let author: String
    let recordedAt: String
    private let key: Ed25519.SecretKey
    /// What the signing key may record.
    private let authority: KeyAuthority
    /// A partner key's partner as bytes, to hold an import's lines to without making strings.
    private let partnerBytes: [UInt8]?
    private let store: LedgerStore
    /// The head before the command's first entry.
    private let startSequence: Int64

    init(store: LedgerStore, projectCode: String, authorship: Authorship) throws(StoreError) {
        let (author, authority) = try store.signer(authorship.key.publicKey, projectCode: projectCode)
        self.authority = authority
        partnerBytes = authority.role == .partner ? authority.partnerID.map { Array($0.utf8) } : nil
        let recordedAt = try store.database.recordingTime(requested: authorship.recordedAt)
        if let last = try store.lastRecordedAt(), recordedAt < last {
            throw .refused("the clock says \(recordedAt), earlier than the ledger's last entry (\(last)); "
                + "entries are recorded in time order: set the clock right (or GRANTLEDGER_NOW) and try again")
        }
        let placeholders = Array(repeating: "?", count: LedgerEntry.fieldNames.count + 1).joined(separator: ", ")
        insert = try store.database.prepare("INSERT INTO entries (\(LedgerStore.entryColumns)) VALUES (\(placeholders))")
        let head = try store.chainHead()
        self.store = store
        listPartners = store.database.engine.blocksListPartners
        key = authorship.key
        startSequence = head.sequence
        pipeline = BlockPipeline(writer: try BlockWriter(database: store.database), headHash: head.hash)
        block = EntryBlockBuilder(projectCode: projectCode, author: author, recordedAt: recordedAt)
        lastSequence = head.sequence
        lastHash = head.hash
        self.projectCode = projectCode
        self.author = author
        self.recordedAt = recordedAt
    }

    /// Writes `body` (any entry but an expenditure line) as the next entry and returns it;
    /// `partner` is the partner a reversal or control concerns (the original's); `action`, what
    /// the entry does when its body alone does not say it all (a partner report's step, by the
    /// state it finds the report in).
    @discardableResult
    func append(_ body: LedgerEntryBody, concerning partner: String? = nil,
                action: KeyAuthority.Action? = nil) throws(StoreError) -> LedgerEntry {
        try permit(action ?? KeyAuthority.Action(body, partner: partner))
        let previous = try settledHash()
        let entry = LedgerEntry(sequence: lastSequence + 1, projectCode: projectCode, body: body, author: author,
                                recordedAt: recordedAt, previousHash: previous)
        let fields = entry.fields
        let hash = SHA256.hash(LedgerEntry.canonicalEncoding(of: fields))
        insert.reset()
        try insert.bindAndStep(fields.map(SQLValue.init) + [.text(hash.hexadecimal)])
        lastSequence = entry.sequence
        lastHash = hash
        return entry
    }

    /// Writes an expenditure line as the next entry of `batch` and returns its sequence. The
    /// fields are those `LedgerEntry.fields` gives for the same line, written from the record's
    /// values and bytes in place; the import tests hold the two to the same entries and hashes.
    func appendLine(_ line: borrowing ExpenditureRecord, partnerID: UnsafeBufferPointer<UInt8>, categoryID: UnsafeBufferPointer<UInt8>,
                    batch: Int64) throws(StoreError) -> Int64 {
        // Compared as bytes: the line's partner is made a String only when it is refused.
        if authority.role != nil, !(partnerBytes.map { partnerID.elementsEqual($0) } ?? false) {
            try permit(.importExpenditure(partner: String(decoding: partnerID, as: UTF8.self)))
        }
        let block = try blockFor(batch)
        block.begin(sequence: lastSequence + 1)
        if listPartners { block.notePartner(partnerID) }
        block.integer(batch)
        block.integer(Int64(line.sourceLine))
        block.text(partnerID)
        block.text(categoryID)
        block.integer(Int64(line.periodNumber))
        block.text(line.invoiceNumber)
        block.text(line.supplier)
        Self.isoDate(line.invoiceDate) { block.text($0) }
        if let paid = line.paymentDate { Self.isoDate(paid) { block.text($0) } } else { block.absent() }
        var currency = line.currency.code
        currency.withUTF8 { block.text($0) }
        block.integer(line.net.minorUnits)
        block.integer(line.vat.minorUnits)
        block.integer(line.gross.minorUnits)
        if var rate = line.exchangeRate?.description { rate.withUTF8 { block.text($0) } } else { block.absent() }
        block.integer(line.declared.minorUnits)
        block.text(line.description)
        block.text(line.documentReference)
        for _ in Self.afterDocument { block.absent() }  // reverses … deduction_reason
        block.end()
        return advance()
    }

    /// `date` as `YYYY-MM-DD` (`CalendarDate.description`), written without making a string.
    private static func isoDate(_ date: CalendarDate, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 10) { bytes in
            func put(_ value: Int, at offset: Int, digits: Int) {
                var rest = value
                for index in (offset..<(offset + digits)).reversed() {
                    bytes[index] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            put(date.year, at: 0, digits: 4)
            bytes[4] = UInt8(ascii: "-")
            put(date.month, at: 5, digits: 2)
            bytes[7] = UInt8(ascii: "-")
            put(date.day, at: 8, digits: 2)
            body(UnsafeBufferPointer(bytes))
        }
    }

    /// Refuses what the signing key may not record, saying who and why (`KeyAuthority`).
    func permit(_ action: KeyAuthority.Action) throws(StoreError) {
        if let refusal = authority.refusal(action) { throw .refused("\(author): \(refusal)") }
    }
    /// The fields after `document` up to the previous hash, absent on an expenditure line.
    private static let afterDocument = (LedgerEntry.fieldNames.firstIndex(of: "document")! + 1)..<(LedgerEntry.fieldNames.count - 1)

    /// The block the next line of `batch` goes into: the current one, unless it is full or of
    /// another batch, in which case that one goes to the pipeline.
    private func blockFor(_ batch: Int64) throws(StoreError) -> EntryBlockBuilder {
        if blockBatch != batch || block.count == EntryBlock.capacity { try handOver() }
        blockBatch = batch
        return block
    }

    private func advance() -> Int64 {
        lastSequence += 1
        lastHash = nil
        return lastSequence
    }

    /// Gives the current block, if any, to the pipeline and takes an empty one.
    private func handOver() throws(StoreError) {
        guard !block.isEmpty else { return }
        try pipeline.submit(block)
        block = pipeline.emptyBuilder(projectCode: projectCode, author: author, recordedAt: recordedAt)
    }

    /// The last entry's hash, once every block before it is written.
    private func settledHash() throws(StoreError) -> [UInt8] {
        if let lastHash { return lastHash }
        try handOver()
        let hash = try pipeline.finish()
        lastHash = hash
        return hash
    }

    /// Writes what is gathered and waits for it: the chain's head. Call it, or `abandon`, before
    /// the transaction ends, as the pipeline uses the database connection until then.
    func settle() throws(StoreError) -> LedgerStore.ChainHead {
        LedgerStore.ChainHead(sequence: lastSequence, hash: try settledHash())
    }

    /// Settles the chain and signs its head once, over everything this command appended (nothing
    /// when it appended nothing).
    func seal() throws(StoreError) {
        let head = try settle()
        guard head.sequence > startSequence else { return }
        let signature = key.sign(SignedStatement.head(head.hash))
        let insert = try store.database.prepare("INSERT INTO signatures VALUES (?, ?, ?, ?)")
        try insert.bindAndStep([.integer(head.sequence), .integer(startSequence + 1), .text(key.publicKey.description),
                                .text(signature.hexadecimal)])
    }

    /// Stops the pipeline without writing more (the transaction is being rolled back).
    func abandon() {
        _ = try? pipeline.finish()
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
