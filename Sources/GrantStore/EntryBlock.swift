import GrantCore

/// Expenditure entries are stored in blocks of consecutive entries of one import, one SQLite row
/// per block (`entry_blocks`), because one row per line cannot take a million lines in seconds.
/// The chain is the same as for entries stored one per row: every entry keeps its own canonical
/// encoding and SHA-256, chained to the entry before; only the storage is compact.
///
/// A block row holds what its entries share (project, author, time, the first entry's previous
/// hash), each entry's fields from `batch` to `deduction_reason` in a compact form (`body`), each
/// entry's stored hash (`hashes`, 32 bytes each) and each entry's invoice key (`invoice_keys`,
/// 8 bytes each) for the duplicate-invoice check. An entry's sequence is the block's first plus
/// its place; its previous hash is the stored hash of the entry before it.
///
/// The compact form writes each field as a tag byte, then: nothing (0, absent); a zigzag
/// variable-length integer (1, a whole number); a variable-length byte count and the UTF-8 bytes
/// (2, text); for a text that is exactly an ISO date `YYYY-MM-DD`, the year, month and day
/// packed into one variable-length integer (3); a count of absent fields in a row, this one
/// included, in one byte (4); a whole number as the zigzag difference from the same field of the
/// entry before (5); or a text as how many leading bytes it shares with the same field of the
/// entry before, then the count and bytes of the rest (6). Lines of one import resemble each
/// other (line numbers one apart, invoice numbers and descriptions with a common start, the same
/// currency), so the block is about half the size; each tag gives back exactly what it came from.
enum EntryBlock {
    /// Entries per block: a block is read whole to find one of its entries.
    static let capacity = 4096

    /// The fields kept per entry in `body`, in canonical order: all but the five the block holds
    /// (sequence, project, kind, author, recorded_at) and the previous hash.
    static let bodyFields = 5..<(LedgerEntry.fieldNames.count - 1)

    static let kind = "expenditure"

    /// Where the invoice number and the supplier are among the body fields (the invoice key's parts).
    static let invoiceNumberField = LedgerEntry.fieldNames.firstIndex(of: "invoice_number")! - bodyFields.lowerBound
    static let supplierField = LedgerEntry.fieldNames.firstIndex(of: "supplier")! - bodyFields.lowerBound

    /// Which body fields hold whole numbers (the rest hold text), by place in `bodyFields`.
    static let integerFields: [Bool] = bodyFields.map {
        ["batch", "source_line", "period", "net_minor", "vat_minor", "gross_minor", "amount_eur_minor", "reverses", "line_count",
         "controls", "certified_minor"].contains(LedgerEntry.fieldNames[$0])
    }

    /// The invoice key (`InvoiceIdentity.key`) of an entry's fields in canonical order.
    static func invoiceKey(of fields: [FieldValue]) -> UInt64 {
        func text(_ index: Int) -> String { if case .text(let text) = fields[index] { text } else { "" } }
        return InvoiceIdentity.key(supplierBytes: text(11).utf8, numberBytes: text(10).utf8)
    }
}

/// Builds one block, entry by entry: each entry's canonical encoding up to its previous hash.
/// `chain` then, on the import's second thread (see `BlockPipeline`), hashes the entries in order,
/// each chained to the one before, and writes the compact form and the invoice keys from the
/// canonical encodings, so the reading thread writes each line once.
final class EntryBlockBuilder {
    let projectCode: String
    let author: String
    let recordedAt: String
    @exclusivity(unchecked) private(set) var firstSequence: Int64 = 0
    @exclusivity(unchecked) private(set) var count = 0
    @exclusivity(unchecked) private(set) var previousHash: [UInt8] = []
    let compact = CompactWriter()
    let hashes = ByteBuffer(capacity: 32 * EntryBlock.capacity)
    let invoiceKeys = ByteBuffer(capacity: 8 * EntryBlock.capacity)
    /// Each entry's canonical encoding without its previous-hash field, one after another; where
    /// each entry's body fields start, and where each entry ends.
    private let canonical = ByteBuffer(capacity: 1 << 18)
    @exclusivity(unchecked) private var bodyStarts: [Int] = []
    @exclusivity(unchecked) private var canonicalEnds: [Int] = []
    /// The canonical fields every entry of the block has after its sequence.
    private let sharedFields = ByteBuffer()
    @exclusivity(unchecked) private var fieldsWritten = 0
    /// Each line's partner, separated by 0x1F (a control character no partner ID holds), where
    /// blocks list their partners (`DatabaseEngine.blocksListPartners`).
    @exclusivity(unchecked) private(set) var linePartners: [UInt8] = []
    /// The invoice keys of the entries `chain` writes, each supplier folded once.
    @exclusivity(unchecked) private var keys = InvoiceKeys()

    init(projectCode: String, author: String, recordedAt: String) {
        self.projectCode = projectCode
        self.author = author
        self.recordedAt = recordedAt
        bodyStarts.reserveCapacity(EntryBlock.capacity)
        canonicalEnds.reserveCapacity(EntryBlock.capacity)
        for text in [projectCode, EntryBlock.kind, author, recordedAt] {
            var utf8 = text
            utf8.withUTF8 { CanonicalField.appendText($0, to: sharedFields) }
        }
    }

    var isEmpty: Bool { count == 0 }
    var lastSequence: Int64 { firstSequence + Int64(count) - 1 }
    var body: ByteBuffer { compact.body }

    /// Starts entry `sequence` (the one after the last).
    func begin(sequence: Int64) {
        if count == 0 { firstSequence = sequence }
        canonical.append(CanonicalField.header)
        CanonicalField.appendInteger(sequence, to: canonical)
        canonical.append(sharedFields.bytes)
        bodyStarts.append(canonical.count)
        fieldsWritten = 0
    }

    func absent() {
        CanonicalField.appendAbsent(to: canonical)
        fieldsWritten += 1
    }

    func integer(_ number: Int64) {
        CanonicalField.appendInteger(number, to: canonical)
        fieldsWritten += 1
    }

    func text(_ text: UnsafeBufferPointer<UInt8>) {
        CanonicalField.appendText(text, to: canonical)
        fieldsWritten += 1
    }

    func field(_ value: FieldValue) {
        switch value {
        case .absent: absent()
        case .integer(let number): integer(number)
        case .text(let value):
            var copy = value
            copy.withUTF8 { text($0) }
        }
    }

    /// Ends the entry; its hash and invoice key are computed by `chain`.
    func end() {
        precondition(fieldsWritten == EntryBlock.bodyFields.count, "every body field is written once")
        canonicalEnds.append(canonical.count)
        count += 1
    }

    /// Ends the entry with a hash already stored (when rows are moved into blocks); `previous`
    /// is the first entry's previous hash. `compactOnly` then writes the compact form.
    func end(storedHash: [UInt8], previous: [UInt8], invoiceKey: UInt64) {
        if count == 0 { previousHash = previous }
        hashes.append(storedHash.count == 32 ? storedHash : [UInt8](repeating: 0, count: 32))
        end()
        appendKey(invoiceKey)
    }

    /// Hashes the entries in order, the first chained to `previous`, and writes the compact form;
    /// returns the last hash.
    func chain(from previous: [UInt8]) -> [UInt8] {
        previousHash = previous
        let message = ByteBuffer(capacity: 512)
        var last = previous
        var start = 0
        for end in canonicalEnds {
            message.removeAll()
            message.append(UnsafeBufferPointer(rebasing: canonical.bytes[start..<end]))
            CanonicalField.appendHexadecimal(last, to: message)
            last = SHA256.hash(message.bytes)
            hashes.append(last)
            start = end
        }
        compactOnly(keying: true)
        return last
    }

    /// Writes the compact form of the entries from their canonical encodings: each body field
    /// is absent (`-`), or `length:value`, a whole number where the schema has one. With
    /// `keying`, each entry's invoice key too, from its supplier and invoice number (without,
    /// the keys were given with the entries).
    func compactOnly(keying: Bool = false) {
        compact.clear()
        let bytes = canonical.bytes
        let (numberField, supplierField) = (EntryBlock.invoiceNumberField, EntryBlock.supplierField)
        for (entry, end) in canonicalEnds.enumerated() {
            compact.beginEntry()
            var position = bodyStarts[entry]
            var (number, supplier) = (UnsafeBufferPointer<UInt8>(start: nil, count: 0), UnsafeBufferPointer<UInt8>(start: nil, count: 0))
            for field in 0..<EntryBlock.bodyFields.count {
                if bytes[position] == UInt8(ascii: "-") {
                    compact.absent()
                    position += 2
                    continue
                }
                var length = 0
                while bytes[position] != UInt8(ascii: ":") {
                    length = length * 10 + Int(bytes[position] - UInt8(ascii: "0"))
                    position += 1
                }
                let value = UnsafeBufferPointer(rebasing: bytes[(position + 1)..<(position + 1 + length)])
                if EntryBlock.integerFields[field], let number = BlockBytes.integer(value) { compact.integer(number) } else { compact.text(value) }
                if field == numberField { number = value } else if field == supplierField { supplier = value }
                position += length + 2
            }
            precondition(position == end, "the canonical encoding holds every body field")
            if keying { appendKey(keys.key(supplier: supplier, number: number)) }
        }
    }

    private func appendKey(_ key: UInt64) {
        withUnsafeBytes(of: key.littleEndian) { invoiceKeys.append($0.bindMemory(to: UInt8.self)) }
    }

    /// Notes the partner of the entry begun and not yet ended.
    func notePartner(_ partner: some Collection<UInt8>) {
        if count > 0 { linePartners.append(StoredBlock.partnerSeparator) }
        linePartners.append(contentsOf: partner)
    }

    /// Empties the builder for the next block.
    func clear() {
        count = 0
        linePartners.removeAll(keepingCapacity: true)
        compact.clear()
        hashes.removeAll()
        invoiceKeys.removeAll()
        canonical.removeAll()
        bodyStarts.removeAll(keepingCapacity: true)
        canonicalEnds.removeAll(keepingCapacity: true)
    }
}
