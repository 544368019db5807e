/// Partner or category identifiers, looked up by their bytes: an identifier of up to 16 bytes is
/// told by its length and two 8-byte words (its first and its last eight bytes, zero-padded when
/// shorter), a longer one then compared in full.
struct IdentifierTable {
    private let identifiers: [[UInt8]]
    private let keys: [Key]

    private struct Key: Equatable {
        let length: Int
        let first: UInt64
        let last: UInt64

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            length = bytes.count
            guard let base = bytes.baseAddress, length > 0 else {
                (first, last) = (0, 0)
                return
            }
            if length >= 8 {
                first = UnsafeRawPointer(base).loadUnaligned(as: UInt64.self)
                last = UnsafeRawPointer(base + length - 8).loadUnaligned(as: UInt64.self)
            } else {
                var value: UInt64 = 0
                for index in 0..<length { value |= UInt64(base[index]) << UInt64(8 * index) }
                (first, last) = (value, value)
            }
        }
    }

    init(_ identifiers: [String]) {
        self.identifiers = identifiers.map { Array($0.utf8) }
        keys = self.identifiers.map { identifier in identifier.withUnsafeBufferPointer { Key($0) } }
    }

    var count: Int { identifiers.count }

    func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let key = Key(bytes)
        for (index, candidate) in keys.enumerated() where candidate == key {
            if key.length <= 16 || identifiers[index].withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return index }
        }
        return nil
    }
}
