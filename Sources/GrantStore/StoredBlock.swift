import GrantCore

/// One stored block, read back: its entries' fields in canonical order and their stored hashes.
final class StoredBlock {
    let firstSequence: Int64
    let lastSequence: Int64
    let projectCode: String
    let author: String
    let recordedAt: String
    let previousHash: [UInt8]
    let body: [UInt8]
    let hashes: [UInt8]
    let invoiceKeys: [UInt8]

    /// Each line's partner, as the server lists them beside the block (nil in a file).
    let linePartners: [Substring]?

    static let columns = "first_sequence, last_sequence, project, author, recorded_at, previous_hash, body, hashes, invoice_keys"

    /// What separates the partners of a block's lines where blocks list them.
    static let partnerSeparator: UInt8 = 0x1F

    /// The columns to read for `engine`: on a server, then the lines' partners.
    static func columns(for engine: DatabaseEngine) -> String {
        engine.blocksListPartners ? columns + ", array_to_string(partners, chr(31))" : columns
    }

    init(_ statement: any Statement) {
        firstSequence = statement.integer(0)
        lastSequence = statement.integer(1)
        projectCode = statement.text(2) ?? ""
        author = statement.text(3) ?? ""
        recordedAt = statement.text(4) ?? ""
        previousHash = statement.blob(5)
        body = statement.blob(6)
        hashes = statement.blob(7)
        invoiceKeys = statement.blob(8)
        linePartners = statement.columnCount > 9
            ? (statement.text(9) ?? "").split(separator: Character(UnicodeScalar(Self.partnerSeparator)), omittingEmptySubsequences: false)
            : nil
    }

    /// Each line's partner, from the lines themselves, separated as `EntryBlockBuilder` notes them.
    func linePartnerBytes() throws(StoreError) -> [UInt8] {
        var partners: [UInt8] = []
        try forEachEntry { (index, fields, _) throws(StoreError) in
            guard let fields, case .text(let partner) = fields[7] else {
                throw .refused("block \(firstSequence)–\(lastSequence) cannot be read; run 'grantledger verify'")
            }
            if index > 0 { partners.append(Self.partnerSeparator) }
            partners.append(contentsOf: partner.utf8)
        }
        return partners
    }

    /// How many entries the hashes say the block holds.
    var storedCount: Int { hashes.count / 32 }

    func storedHash(_ index: Int) -> ArraySlice<UInt8> { hashes[(index * 32)..<(index * 32 + 32)] }

    /// Whether `hash` is the stored hash of entry `index`, compared eight bytes at a time.
    func storesHash(_ hash: [UInt8], at index: Int) -> Bool {
        guard hash.count == 32, index >= 0, index < storedCount else { return false }
        return hashes.withUnsafeBufferPointer { stored in
            hash.withUnsafeBufferPointer { sameBytes(stored.baseAddress! + index * 32, $0.baseAddress!, 32) }
        }
    }

    func invoiceKey(_ index: Int) -> UInt64? {
        guard invoiceKeys.count >= index * 8 + 8 else { return nil }
        var key: UInt64 = 0
        for offset in (0..<8).reversed() { key = key << 8 | UInt64(invoiceKeys[index * 8 + offset]) }
        return key
    }

    /// The stored hash of the entry before entry `index`.
    func previous(_ index: Int) -> [UInt8] { index == 0 ? previousHash : Array(storedHash(index - 1)) }

    /// The previous hash field of entry `index`, as `forEachEntry` gives it.
    func previousHashField(_ index: Int) -> FieldValue { .text(previous(min(index, storedCount)).hexadecimal) }

    /// Each entry's fields in canonical order and its stored hash (hexadecimal), in sequence
    /// order; nil in place of the fields where the body cannot be read from that entry on.
    /// Without `hashes`, the stored hash is empty and the previous hash absent (an audit needs
    /// neither; `previousHashField` gives it when wanted).
    func forEachEntry(hashes: Bool = true, _ body: (Int, [FieldValue]?, String) throws(StoreError) -> Void) throws(StoreError) {
        try read { (index, reader) throws(StoreError) in
            let hash = hashes && index < storedCount ? Array(storedHash(index)).hexadecimal : ""
            try body(index, reader?.fields(previousHash: hashes), hash)
        }
    }

    /// Each entry by its place, the reader on it (nil where the body cannot be read from that
    /// entry on), in sequence order; one more place, with no reader, when bytes are left over.
    func read<Failure: Error>(_ body: (Int, BlockEntryReader?) throws(Failure) -> Void) throws(Failure) {
        let count = max(storedCount, Int(clamping: lastSequence - firstSequence + 1))
        try self.body.withUnsafeBufferPointer { (bytes) throws(Failure) in
            let reader = BlockEntryReader(self, bytes: bytes)
            for index in 0..<count {
                try body(index, reader.next() ? reader : nil)
            }
            if !reader.atEnd { try body(count, nil) }
        }
    }
}
