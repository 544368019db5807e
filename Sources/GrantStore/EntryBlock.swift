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

    /// Which body fields hold whole numbers (the rest hold text), by place in `bodyFields`.
    static let integerFields: [Bool] = bodyFields.map {
        ["batch", "source_line", "period", "net_minor", "vat_minor", "gross_minor", "amount_eur_minor", "reverses", "line_count",
         "controls", "certified_minor"].contains(LedgerEntry.fieldNames[$0])
    }

    /// The FNV-1a hash of partner, supplier and invoice number (each followed by a zero byte):
    /// stable across versions, as it is stored.
    static func invoiceKey(partner: some Collection<UInt8>, supplier: some Collection<UInt8>, invoice: some Collection<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        mix(partner, into: &hash)
        mix(supplier, into: &hash)
        mix(invoice, into: &hash)
        return hash
    }

    private static func mix(_ part: some Collection<UInt8>, into hash: inout UInt64) {
        for byte in part { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        hash = (hash ^ 0) &* 0x0000_0100_0000_01b3
    }

    /// The invoice key of an entry's fields in canonical order (partner, supplier, invoice number).
    static func invoiceKey(of fields: [FieldValue]) -> UInt64 {
        func text(_ index: Int) -> String { if case .text(let text) = fields[index] { text } else { "" } }
        return invoiceKey(partner: text(7).utf8, supplier: text(11).utf8, invoice: text(10).utf8)
    }
}

/// Builds one block, entry by entry: each entry's canonical encoding up to its previous hash.
/// `chain` then, on the import's second thread (see `BlockPipeline`), hashes the entries in order,
/// each chained to the one before, and writes the compact form from the canonical encodings, so
/// the reading thread writes each line once.
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

    /// Ends the entry; its hash is computed by `chain`.
    func end(invoiceKey: UInt64) {
        precondition(fieldsWritten == EntryBlock.bodyFields.count, "every body field is written once")
        canonicalEnds.append(canonical.count)
        appendKey(invoiceKey)
    }

    /// Ends the entry with a hash already stored (when rows are moved into blocks); `previous`
    /// is the first entry's previous hash. `compactOnly` then writes the compact form.
    func end(storedHash: [UInt8], previous: [UInt8], invoiceKey: UInt64) {
        if count == 0 { previousHash = previous }
        hashes.append(storedHash.count == 32 ? storedHash : [UInt8](repeating: 0, count: 32))
        end(invoiceKey: invoiceKey)
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
        compactOnly()
        return last
    }

    /// Writes the compact form of the entries from their canonical encodings: each body field
    /// is absent (`-`), or `length:value`, a whole number where the schema has one.
    func compactOnly() {
        compact.clear()
        let bytes = canonical.bytes
        for (entry, end) in canonicalEnds.enumerated() {
            compact.beginEntry()
            var position = bodyStarts[entry]
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
                position += length + 2
            }
            precondition(position == end, "the canonical encoding holds every body field")
        }
    }

    private func appendKey(_ key: UInt64) {
        withUnsafeBytes(of: key.littleEndian) { invoiceKeys.append($0.bindMemory(to: UInt8.self)) }
        count += 1
    }

    /// Empties the builder for the next block.
    func clear() {
        count = 0
        compact.clear()
        hashes.removeAll()
        invoiceKeys.removeAll()
        canonical.removeAll()
        bodyStarts.removeAll(keepingCapacity: true)
        canonicalEnds.removeAll(keepingCapacity: true)
    }
}

/// The compact form written field by field (see `EntryBlock`): tags, absent runs, differences
/// from the entry before and shared starts.
final class CompactWriter {
    let body = ByteBuffer(capacity: 1 << 16)
    /// The texts written so far, one after another: what the next entry's are compared with.
    private let texts = ByteBuffer(capacity: 1 << 16)
    @exclusivity(unchecked) private var field = 0
    /// Each body field of the entry before: a whole number (when `hasInteger`), or where its text
    /// lies in `texts` (when `textEnd` is above `textStart`). Kept in place, as they change for
    /// every field of every line.
    private let previousIntegers = UnsafeMutableBufferPointer<Int64>.allocate(capacity: EntryBlock.bodyFields.count)
    private let hasInteger = UnsafeMutableBufferPointer<Bool>.allocate(capacity: EntryBlock.bodyFields.count)
    private let textStart = UnsafeMutableBufferPointer<Int>.allocate(capacity: EntryBlock.bodyFields.count)
    private let textEnd = UnsafeMutableBufferPointer<Int>.allocate(capacity: EntryBlock.bodyFields.count)
    /// Where the count of the absent run that the last field continued lies in `body`, if it did.
    @exclusivity(unchecked) private var absentRun: Int?

    init() { forget() }

    deinit {
        previousIntegers.deallocate()
        hasInteger.deallocate()
        textStart.deallocate()
        textEnd.deallocate()
    }

    private func forget() {
        previousIntegers.initialize(repeating: 0)
        hasInteger.initialize(repeating: false)
        textStart.initialize(repeating: 0)
        textEnd.initialize(repeating: 0)
    }

    func beginEntry() {
        field = 0
        absentRun = nil
    }

    func absent() {
        if let run = absentRun {
            body[run] += 1
        } else {
            body.append(4)
            absentRun = body.count
            body.append(1)
        }
        hasInteger[field] = false
        textEnd[field] = textStart[field]
        field += 1
    }

    func integer(_ number: Int64) {
        absentRun = nil
        let plain = BlockBytes.zigzag(number)
        if hasInteger[field], case (let delta, false) = number.subtractingReportingOverflow(previousIntegers[field]),
           BlockBytes.zigzag(delta) < plain {
            body.append(5)
            BlockBytes.appendVarint(BlockBytes.zigzag(delta), to: body)
        } else {
            body.append(1)
            BlockBytes.appendVarint(plain, to: body)
        }
        previousIntegers[field] = number
        hasInteger[field] = true
        textEnd[field] = textStart[field]
        field += 1
    }

    func text(_ text: UnsafeBufferPointer<UInt8>) {
        absentRun = nil
        let shared = BlockBytes.sharedPrefix(UnsafeBufferPointer(rebasing: texts.bytes[textStart[field]..<textEnd[field]]), text)
        if let packed = BlockBytes.packedDate(text), BlockBytes.varintLength(packed) <= text.count - shared + 1 {
            body.append(3)
            BlockBytes.appendVarint(packed, to: body)
        } else if shared > 2 {
            body.append(6)
            BlockBytes.appendVarint(UInt64(shared), to: body)
            BlockBytes.appendVarint(UInt64(text.count - shared), to: body)
            body.append(UnsafeBufferPointer(rebasing: text[shared...]))
        } else {
            body.append(2)
            BlockBytes.appendVarint(UInt64(text.count), to: body)
            body.append(text)
        }
        textStart[field] = texts.count
        texts.append(text)
        textEnd[field] = texts.count
        hasInteger[field] = false
        field += 1
    }

    func clear() {
        body.removeAll()
        texts.removeAll()
        forget()
    }
}

/// One stored block, read back: its entries' fields in canonical order and their stored hashes.
struct StoredBlock {
    let firstSequence: Int64
    let lastSequence: Int64
    let projectCode: String
    let author: String
    let recordedAt: String
    let previousHash: [UInt8]
    let body: [UInt8]
    let hashes: [UInt8]
    let invoiceKeys: [UInt8]

    static let columns = "first_sequence, last_sequence, project, author, recorded_at, previous_hash, body, hashes, invoice_keys"

    init(_ statement: Statement) {
        firstSequence = statement.integer(0)
        lastSequence = statement.integer(1)
        projectCode = statement.text(2) ?? ""
        author = statement.text(3) ?? ""
        recordedAt = statement.text(4) ?? ""
        previousHash = statement.blob(5)
        body = statement.blob(6)
        hashes = statement.blob(7)
        invoiceKeys = statement.blob(8)
    }

    /// How many entries the hashes say the block holds.
    var storedCount: Int { hashes.count / 32 }

    func storedHash(_ index: Int) -> ArraySlice<UInt8> { hashes[(index * 32)..<(index * 32 + 32)] }

    func invoiceKey(_ index: Int) -> UInt64? {
        guard invoiceKeys.count >= index * 8 + 8 else { return nil }
        var key: UInt64 = 0
        for offset in (0..<8).reversed() { key = key << 8 | UInt64(invoiceKeys[index * 8 + offset]) }
        return key
    }

    /// The stored hash of the entry before entry `index`.
    func previous(_ index: Int) -> [UInt8] { index == 0 ? previousHash : Array(storedHash(index - 1)) }

    /// Each entry's fields in canonical order and its stored hash (hexadecimal), in sequence
    /// order; nil in place of the fields where the body cannot be read from that entry on.
    func forEachEntry(_ body: (Int, [FieldValue]?, String) throws(StoreError) -> Void) throws(StoreError) {
        var reader = BlockBytes.Reader(bytes: self.body)
        let count = max(storedCount, Int(clamping: lastSequence - firstSequence + 1))
        for index in 0..<count {
            let hash = index < storedCount ? Array(storedHash(index)).hexadecimal : ""
            var fields: [FieldValue]? = [.integer(firstSequence + Int64(index)), .text(projectCode), .text(EntryBlock.kind),
                                         .text(author), .text(recordedAt)]
            for _ in EntryBlock.bodyFields {
                guard let value = reader.field() else { fields = nil; break }
                fields?.append(value)
            }
            fields?.append(.text(previous(min(index, storedCount)).hexadecimal))
            if fields == nil { reader.fail() }
            try body(index, fields, hash)
        }
        if !reader.atEnd { try body(count, nil, "") }
    }
}

/// The byte-level pieces of the compact form.
enum BlockBytes {
    static func appendVarint(_ value: UInt64, to bytes: ByteBuffer) {
        bytes.write(upTo: 10) { target in
            var rest = value
            var count = 0
            while rest >= 0x80 {
                target[count] = UInt8(truncatingIfNeeded: rest) | 0x80
                count += 1
                rest >>= 7
            }
            target[count] = UInt8(rest)
            return count + 1
        }
    }

    /// The whole number a canonical value spells (`-` and digits), or nil.
    static func integer(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = text.first == UInt8(ascii: "-")
        let digits = negative ? UnsafeBufferPointer(rebasing: text.dropFirst()) : text
        guard (1...19).contains(digits.count), digits.count == 1 || digits[0] != UInt8(ascii: "0") else { return nil }
        var magnitude: UInt64 = 0
        for byte in digits {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            magnitude = magnitude * 10 + UInt64(digit)
        }
        if negative { return magnitude <= UInt64(Int64.max) + 1 && magnitude > 0 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil }
        return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
    }

    static func zigzag(_ number: Int64) -> UInt64 { UInt64(bitPattern: (number << 1) ^ (number >> 63)) }

    static func unzigzag(_ raw: UInt64) -> Int64 { Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1) }

    static func varintLength(_ value: UInt64) -> Int { max(1, (64 - value.leadingZeroBitCount + 6) / 7) }

    /// How many leading bytes `previous` and `text` share.
    static func sharedPrefix(_ previous: UnsafeBufferPointer<UInt8>, _ text: UnsafeBufferPointer<UInt8>) -> Int {
        let limit = min(previous.count, text.count)
        guard limit > 0, let left = previous.baseAddress, let right = text.baseAddress else { return 0 }
        var shared = 0
        while shared + 8 <= limit {  // Eight bytes at a time; the first differing byte ends it.
            let difference = UnsafeRawPointer(left + shared).loadUnaligned(as: UInt64.self) ^ UnsafeRawPointer(right + shared).loadUnaligned(as: UInt64.self)
            if difference != 0 { return shared + difference.trailingZeroBitCount / 8 }
            shared += 8
        }
        while shared < limit, left[shared] == right[shared] { shared += 1 }
        return shared
    }

    /// `YYYY-MM-DD` packed as year × 512 + month × 32 + day, when the text is exactly that
    /// shape with a month below 16 and a day below 32 (so it always prints back the same).
    static func packedDate(_ text: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard text.count == 10 else { return nil }
        var value: UInt64 = 0
        var year: UInt64 = 0, month: UInt64 = 0, day: UInt64 = 0
        for (offset, byte) in text.enumerated() {
            if offset == 4 || offset == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let digit = UInt64(byte - UInt8(ascii: "0"))
            switch offset {
            case 0..<4: year = year * 10 + digit
            case 5, 6: month = month * 10 + digit
            default: day = day * 10 + digit
            }
        }
        guard month < 16, day < 32 else { return nil }
        value = year << 9 | month << 5 | day
        return value
    }

    static func unpackedDate(_ value: UInt64) -> String? {
        let year = value >> 9, month = (value >> 5) & 15, day = value & 31
        guard year <= 9999 else { return nil }
        func digits(_ number: UInt64, _ width: Int) -> String {
            let text = String(number)
            return String(repeating: "0", count: width - text.count) + text
        }
        return "\(digits(year, 4))-\(digits(month, 2))-\(digits(day, 2))"
    }

    /// Reads fields of the compact form one after another; nil once anything is malformed.
    struct Reader {
        let bytes: [UInt8]
        private var offset = 0
        private var failed = false
        /// The body field read next, and what each field of the entry before held.
        private var index = 0
        private var pendingAbsent = 0
        private var previousIntegers = [Int64?](repeating: nil, count: EntryBlock.bodyFields.count)
        private var previousTexts = [[UInt8]?](repeating: nil, count: EntryBlock.bodyFields.count)

        init(bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { !failed && offset == bytes.count && pendingAbsent == 0 }

        mutating func fail() { failed = true }

        mutating func field() -> FieldValue? {
            guard !failed else { return nil }
            let field = index
            index = (index + 1) % EntryBlock.bodyFields.count
            if pendingAbsent > 0 {
                pendingAbsent -= 1
                return remember(.absent, at: field, text: nil)
            }
            guard offset < bytes.count else { return nil }
            let tag = bytes[offset]
            offset += 1
            switch tag {
            case 0:
                return remember(.absent, at: field, text: nil)
            case 4:
                guard offset < bytes.count, bytes[offset] >= 1, field + Int(bytes[offset]) <= EntryBlock.bodyFields.count else { return nil }
                pendingAbsent = Int(bytes[offset]) - 1
                offset += 1
                return remember(.absent, at: field, text: nil)
            case 1:
                guard let raw = varint() else { return nil }
                return remember(.integer(BlockBytes.unzigzag(raw)), at: field, text: nil)
            case 5:
                guard let raw = varint(), let previous = previousIntegers[field],
                      case (let number, false) = previous.addingReportingOverflow(BlockBytes.unzigzag(raw)) else { return nil }
                return remember(.integer(number), at: field, text: nil)
            case 2:
                guard let length = varint(), length <= UInt64(bytes.count - offset) else { return nil }
                let end = offset + Int(length)
                defer { offset = end }
                return remember(nil, at: field, text: Array(bytes[offset..<end]))
            case 3:
                guard let packed = varint(), let date = BlockBytes.unpackedDate(packed) else { return nil }
                return remember(nil, at: field, text: Array(date.utf8))
            case 6:
                guard let shared = varint(), let previous = previousTexts[field], shared <= UInt64(previous.count),
                      let length = varint(), length <= UInt64(bytes.count - offset) else { return nil }
                let end = offset + Int(length)
                defer { offset = end }
                return remember(nil, at: field, text: Array(previous[..<Int(shared)]) + bytes[offset..<end])
            default:
                return nil
            }
        }

        /// Keeps what field `field` held for the entry after, and gives it (text when `text`).
        private mutating func remember(_ value: FieldValue?, at field: Int, text: [UInt8]?) -> FieldValue {
            previousTexts[field] = text
            if case .integer(let number) = value { previousIntegers[field] = number } else { previousIntegers[field] = nil }
            return value ?? .text(String(decoding: text ?? [], as: UTF8.self))
        }

        private mutating func varint() -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7f) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
    }
}
