import GrantCore

/// Reads a stored block's entries one after another from their compact form (`EntryBlock`), as
/// bytes: each body field a whole number, a text (its UTF-8 bytes) or absent, with no `String`
/// or `FieldValue` made. The one decoding of blocks: `verify` hashes entries from it, the audit
/// reads lines from it, and `fields` gives an entry whole where one is wanted.
///
/// A text given for an entry stays valid until the reader has read the entry after the next,
/// as the form refers each entry to the one before it. The reader reads the block's bytes in
/// place, so it lives only while `StoredBlock.read` runs.
final class BlockEntryReader {
    /// A body field of the entry read: where a text lies (in the block's bytes, or among the
    /// texts this reader wrote for the entry: dates and texts sharing a start with the last).
    private enum Slot {
        case absent
        case integer(Int64)
        case text(start: Int, count: Int, inBlock: Bool)
    }

    let block: StoredBlock
    private let bytes: UnsafeBufferPointer<UInt8>
    private let size: Int
    /// The slots of two entries, the one read and the one before, alternating by parity.
    private let slots: UnsafeMutableBufferPointer<Slot>
    private let evenTexts = ByteBuffer(capacity: 1024)
    private let oddTexts = ByteBuffer(capacity: 1024)
    /// The canonical fields every entry of the block has after its sequence.
    private let shared = ByteBuffer(capacity: 256)
    private var offset = 0
    private(set) var failed = false
    /// The entry read last, by its place in the block; -1 before the first.
    private(set) var index = -1
    /// The body fields and the encoding's first line, kept here: a static is looked up through a
    /// one-time initialiser on each use, and these are used for every field of every entry.
    private let fieldCount = EntryBlock.bodyFields.count
    private let firstField = EntryBlock.bodyFields.lowerBound
    private let header = CanonicalField.header

    /// A reader of `block`, whose body's bytes are `bytes`.
    init(_ block: StoredBlock, bytes: UnsafeBufferPointer<UInt8>) {
        self.block = block
        self.bytes = bytes
        size = bytes.count
        slots = .allocate(capacity: 2 * fieldCount)
        slots.initialize(repeating: .absent)
        for text in [block.projectCode, EntryBlock.kind, block.author, block.recordedAt] {
            var utf8 = text
            utf8.withUTF8 { CanonicalField.appendText($0, to: shared) }
        }
    }

    deinit { slots.deallocate() }

    /// Whether every byte of the body was read into whole entries.
    var atEnd: Bool { !failed && offset == size }

    /// Reads the next entry; false, from then on, once the form is malformed or ends early.
    func next() -> Bool {
        guard !failed else { return false }
        index += 1
        let current = index & 1
        texts(current).removeAll()
        var field = 0
        while field < fieldCount {
            guard let run = read(field, current) else {
                failed = true
                return false
            }
            field += run
        }
        return true
    }

    /// Field `field` (its place in `LedgerEntry.fieldNames`, a body field) of the entry read.
    func integer(_ field: Int) -> Int64? {
        if case .integer(let number) = slots[place(field)] { number } else { nil }
    }

    func text(_ field: Int) -> UnsafeBufferPointer<UInt8>? {
        text(of: slots[place(field)], parity: index & 1)
    }

    func isAbsent(_ field: Int) -> Bool {
        if case .absent = slots[place(field)] { true } else { false }
    }

    /// The entry's fields in canonical order, its previous hash absent unless `previousHash`.
    func fields(previousHash: Bool) -> [FieldValue] {
        var fields: [FieldValue] = [.integer(block.firstSequence + Int64(index)), .text(block.projectCode), .text(EntryBlock.kind),
                                    .text(block.author), .text(block.recordedAt)]
        for field in EntryBlock.bodyFields {
            switch slots[place(field)] {
            case .absent: fields.append(.absent)
            case .integer(let number): fields.append(.integer(number))
            case .text: fields.append(.text(String(decoding: text(field) ?? UnsafeBufferPointer(start: nil, count: 0), as: UTF8.self)))
            }
        }
        fields.append(previousHash ? block.previousHashField(index) : .absent)
        return fields
    }

    /// The entry's canonical encoding, chained to `previous` (the stored hash before it), into
    /// `encoding`, emptied first: what its hash is computed from.
    func canonicalEncoding(previous: some Collection<UInt8>, into encoding: ByteBuffer) {
        encoding.removeAll()
        encoding.append(header)
        CanonicalField.appendInteger(block.firstSequence + Int64(index), to: encoding)
        encoding.append(shared.bytes)
        for field in firstField..<(firstField + fieldCount) {
            switch slots[place(field)] {
            case .absent: CanonicalField.appendAbsent(to: encoding)
            case .integer(let number): CanonicalField.appendInteger(number, to: encoding)
            case .text: CanonicalField.appendText(text(field) ?? UnsafeBufferPointer(start: nil, count: 0), to: encoding)
            }
        }
        CanonicalField.appendHexadecimal(previous, to: encoding)
    }

    private func place(_ field: Int) -> Int { (index & 1) * fieldCount + field - firstField }

    private func text(of slot: Slot, parity: Int) -> UnsafeBufferPointer<UInt8>? {
        guard case .text(let start, let count, let inBlock) = slot else { return nil }
        if inBlock { return UnsafeBufferPointer(rebasing: bytes[start..<(start + count)]) }
        return UnsafeBufferPointer(rebasing: texts(parity).bytes[start..<(start + count)])
    }

    /// Reads body field `field` into the slots of parity `current`; how many fields it filled
    /// (a run of absent fields fills several), or nil when the form is malformed there.
    private func read(_ field: Int, _ current: Int) -> Int? {
        let here = current * fieldCount + field
        let before = (1 - current) * fieldCount + field
        guard offset < size else { return nil }
        let tag = bytes[offset]
        offset += 1
        switch tag {
        case 0:
            slots[here] = .absent
            return 1
        case 4:
            guard offset < size, bytes[offset] >= 1, field + Int(bytes[offset]) <= fieldCount else { return nil }
            let run = Int(bytes[offset])
            offset += 1
            for absent in here..<(here + run) { slots[absent] = .absent }
            return run
        case 1:
            guard let raw = varint() else { return nil }
            slots[here] = .integer(BlockBytes.unzigzag(raw))
        case 5:
            guard let raw = varint(), case .integer(let previous) = slots[before],
                  case (let number, false) = previous.addingReportingOverflow(BlockBytes.unzigzag(raw)) else { return nil }
            slots[here] = .integer(number)
        case 2:
            guard let length = varint(), length <= UInt64(size - offset) else { return nil }
            slots[here] = .text(start: offset, count: Int(length), inBlock: true)
            offset += Int(length)
        case 3:
            guard let packed = varint() else { return nil }
            var unpacked = false
            slots[here] = written(current) { unpacked = BlockBytes.appendUnpackedDate(packed, to: $0) }
            guard unpacked else { return nil }
        case 6:
            guard let shared = varint(), let previous = text(of: slots[before], parity: 1 - current),
                  shared <= UInt64(previous.count), let length = varint(), length <= UInt64(size - offset) else { return nil }
            let rest = UnsafeBufferPointer(rebasing: bytes[offset..<(offset + Int(length))])
            slots[here] = written(current) {
                $0.append(UnsafeBufferPointer(rebasing: previous[..<Int(shared)]))
                $0.append(rest)
            }
            offset += Int(length)
        default:
            return nil
        }
        return 1
    }

    /// The texts written for the entries of `parity`.
    private func texts(_ parity: Int) -> ByteBuffer { parity == 0 ? evenTexts : oddTexts }

    /// A text slot for what `write` appends to the texts of parity `current`.
    private func written(_ current: Int, _ write: (ByteBuffer) -> Void) -> Slot {
        let texts = texts(current)
        let start = texts.count
        write(texts)
        return .text(start: start, count: texts.count - start, inBlock: false)
    }

    private func varint() -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while offset < size, shift < 64 {
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}
