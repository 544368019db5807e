import GrantCore

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
