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

    /// Writes the `YYYY-MM-DD` a packed date stands for; false (nothing written) for a year beyond 9999.
    static func appendUnpackedDate(_ value: UInt64, to bytes: ByteBuffer) -> Bool {
        let year = Int(value >> 9), month = Int((value >> 5) & 15), day = Int(value & 31)
        guard year <= 9999 else { return false }
        bytes.write(upTo: 10) { target in
            func digits(_ number: Int, end: Int, width: Int) {
                var rest = number
                for position in stride(from: end - 1, through: end - width, by: -1) {
                    target[position] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
            }
            digits(year, end: 4, width: 4)
            target[4] = UInt8(ascii: "-")
            digits(month, end: 7, width: 2)
            target[7] = UInt8(ascii: "-")
            digits(day, end: 10, width: 2)
            return 10
        }
        return true
    }
}
