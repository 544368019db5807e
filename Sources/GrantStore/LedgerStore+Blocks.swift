import GrantCore

extension LedgerStore {
    /// The stored block that holds entry `sequence`, if any.
    func block(containing sequence: Int64) throws(StoreError) -> StoredBlock? {
        let statement = try database.prepare(
            "SELECT \(StoredBlock.columns(for: engine)) FROM entry_blocks WHERE first_sequence <= ? ORDER BY first_sequence DESC LIMIT 1")
        try statement.bind([.integer(sequence)])
        guard try statement.step() else { return nil }
        let block = StoredBlock(statement)
        return sequence <= block.lastSequence ? block : nil
    }

    /// Calls `body` with each stored block (of `projectCode`, or of every project), in ledger
    /// order, one block in memory at a time.
    func forEachBlock(projectCode: String?, _ body: (StoredBlock) throws(StoreError) -> Void) throws(StoreError) {
        let condition = projectCode == nil ? "" : "WHERE project = ?"
        let statement = try database.prepare("SELECT \(StoredBlock.columns(for: engine)) FROM entry_blocks \(condition) "
                                             + "ORDER BY first_sequence")
        if let projectCode { try statement.bind([.text(projectCode)]) }
        while try statement.step() { try body(StoredBlock(statement)) }
    }

    /// The expenditure entries of `projectCode` among `sequences`, each block read once.
    func expenditureEntries(_ sequences: some Sequence<Int64>) throws(StoreError) -> [Int64: LedgerEntry] {
        var found: [Int64: LedgerEntry] = [:]
        var block: StoredBlock?
        var decoded: [Int64: LedgerEntry] = [:]
        for sequence in Set(sequences).sorted() {
            if block.map({ sequence > $0.lastSequence }) ?? true {
                block = try self.block(containing: sequence)
                decoded = [:]
                try block?.forEachEntry { (_, fields, _) throws(StoreError) in
                    guard let fields else { return }
                    let entry = try decode(fields)
                    decoded[entry.sequence] = entry
                }
            }
            if let entry = decoded[sequence] { found[sequence] = entry }
        }
        return found
    }

    /// Schema version 3: the expenditure rows of `entries`, in ledger order, become blocks. Each
    /// keeps its stored hash as it is (a row changed before the upgrade still fails `verify`),
    /// and a block ends wherever the rows do not follow on from each other.
    func moveExpenditureIntoBlocks() throws(StoreError) {
        let writer = try BlockWriter(database: database)
        var builder: EntryBlockBuilder?
        var lastHash: String?
        var lastBatch: FieldValue = .absent
        try forEachStoredRow("WHERE kind = 'expenditure'", []) { (fields, storedHash) throws(StoreError) in
            guard case .integer(let sequence) = fields[0], case .text(let project) = fields[1], case .text(let author) = fields[3],
                  case .text(let recordedAt) = fields[4], case .text(let previous) = fields[32] else {
                throw .refused("an expenditure entry cannot be upgraded to schema version 3: a shared field is missing; run 'grantledger verify' with the previous version")
            }
            let follows = builder.map { $0.projectCode == project && $0.author == author && $0.recordedAt == recordedAt
                && $0.count < EntryBlock.capacity && $0.lastSequence + 1 == sequence && lastHash == previous && lastBatch == fields[5] } ?? false
            if !follows {
                if let full = builder {
                    full.compactOnly()
                    try writer.write(full)
                }
                builder = EntryBlockBuilder(projectCode: project, author: author, recordedAt: recordedAt)
            }
            builder?.begin(sequence: sequence)
            for index in EntryBlock.bodyFields { builder?.field(fields[index]) }
            builder?.end(storedHash: LedgerEntry.bytes(hexadecimal: storedHash) ?? [], previous: LedgerEntry.bytes(hexadecimal: previous) ?? LedgerEntry.genesisHash,
                         invoiceKey: EntryBlock.invoiceKey(of: fields))
            lastHash = storedHash
            lastBatch = fields[5]
        }
        if let last = builder {
            last.compactOnly()
            try writer.write(last)
        }
    }
}

extension LedgerStore {
    /// Schema version 4: each block's invoice keys computed again from its entries' fields. The
    /// keys are an index, outside the chain's hashes, so no entry or hash changes.
    func rekeyInvoices() throws(StoreError) {
        var rekeyed: [(first: Int64, keys: [UInt8])] = []
        try forEachBlock(projectCode: nil) { (block) throws(StoreError) in
            var keys: [UInt8] = []
            try block.forEachEntry { (_, fields, _) throws(StoreError) in
                let key = fields.map(EntryBlock.invoiceKey(of:)) ?? 0
                withUnsafeBytes(of: key.littleEndian) { keys.append(contentsOf: $0) }
            }
            rekeyed.append((block.firstSequence, Array(keys.prefix(block.invoiceKeys.count))))
        }
        let update = try database.prepare("UPDATE entry_blocks SET invoice_keys = ? WHERE first_sequence = ?")
        for (first, keys) in rekeyed {
            update.reset()
            try update.bind(1, blob: keys)
            try update.bind(2, .integer(first))
            try update.step()
        }
    }
}

/// Writes finished blocks as rows of `entry_blocks` (on a server, with the partner each holds).
struct BlockWriter {
    private let insert: any Statement
    private let listPartners: Bool

    init(database: any Database) throws(StoreError) {
        listPartners = database.engine.blocksListPartners
        let columns = StoredBlock.columns + (listPartners ? ", partners" : "")
        let placeholders = Array(repeating: "?", count: 9).joined(separator: ", ") + (listPartners ? ", string_to_array(?, chr(31))" : "")
        insert = try database.prepare("INSERT INTO entry_blocks (\(columns)) VALUES (\(placeholders))")
    }

    func write(_ block: EntryBlockBuilder) throws(StoreError) {
        try write(first: block.firstSequence, last: block.lastSequence, project: block.projectCode, author: block.author,
                  recordedAt: block.recordedAt, previousHash: block.previousHash, body: block.body.bytes, hashes: block.hashes.bytes,
                  invoiceKeys: block.invoiceKeys.bytes, linePartners: block.linePartners)
    }

    /// A block read from another ledger, as it is; `linePartners` its lines' partners, separated
    /// as `EntryBlockBuilder` notes them.
    func write(_ block: StoredBlock, linePartners: [UInt8]) throws(StoreError) {
        try block.body.withUnsafeBufferPointer { (body) throws(StoreError) in
            try block.hashes.withUnsafeBufferPointer { (hashes) throws(StoreError) in
                try block.invoiceKeys.withUnsafeBufferPointer { (keys) throws(StoreError) in
                    try write(first: block.firstSequence, last: block.lastSequence, project: block.projectCode, author: block.author,
                              recordedAt: block.recordedAt, previousHash: block.previousHash, body: body, hashes: hashes,
                              invoiceKeys: keys, linePartners: linePartners)
                }
            }
        }
    }

    private func write(first: Int64, last: Int64, project: String, author: String, recordedAt: String, previousHash: [UInt8],
                       body: UnsafeBufferPointer<UInt8>, hashes: UnsafeBufferPointer<UInt8>, invoiceKeys: UnsafeBufferPointer<UInt8>,
                       linePartners: [UInt8]) throws(StoreError) {
        insert.reset()
        try insert.bind([.integer(first), .integer(last), .text(project), .text(author), .text(recordedAt)])
        try insert.bind(6, blob: previousHash)
        try insert.bind(7, blob: body)
        try insert.bind(8, blob: hashes)
        try insert.bind(9, blob: invoiceKeys)
        if listPartners { try insert.bind(10, .text(String(decoding: linePartners, as: UTF8.self))) }
        try insert.step()
    }
}
