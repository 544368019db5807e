/// Bytes written at the end of a growing buffer, with one capacity check per piece rather than
/// an array's checks per byte: a large import writes every line's canonical encoding and stored
/// form this way (a million lines, a few hundred bytes each).
public final class ByteBuffer {
    @usableFromInline @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
    @usableFromInline @exclusivity(unchecked) var capacity: Int
    @usableFromInline @exclusivity(unchecked) var written = 0

    public init(capacity: Int = 512) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// How many bytes are written.
    @inlinable public var count: Int { written }

    /// The bytes written, valid until the next write.
    @inlinable public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: written) }

    /// The bytes written, copied into an array.
    public var array: [UInt8] { Array(bytes) }

    /// A byte already written.
    @inlinable
    public subscript(index: Int) -> UInt8 {
        get {
            precondition(index >= 0 && index < written, "only written bytes are read")
            return base[index]
        }
        set {
            precondition(index >= 0 && index < written, "only written bytes are changed")
            base[index] = newValue
        }
    }

    /// Makes room for `extra` more bytes.
    @inlinable
    public func reserve(_ extra: Int) {
        if written + extra > capacity { grow(to: written + extra) }
    }

    @usableFromInline
    func grow(to needed: Int) {
        let larger = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: larger)
        moved.update(from: base, count: written)
        base.deallocate()
        base = moved
        capacity = larger
    }

    @inlinable
    public func append(_ byte: UInt8) {
        reserve(1)
        base[written] = byte
        written += 1
    }

    @inlinable
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress else { return }
        reserve(bytes.count)
        (base + written).update(from: source, count: bytes.count)
        written += bytes.count
    }

    /// Lets `write` put up to `limit` bytes at the end, in place; it returns how many it wrote.
    @inlinable
    public func write(upTo limit: Int, _ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        reserve(limit)
        written += write(base + written)
    }

    public func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// Empties the buffer, keeping its memory.
    @inlinable
    public func removeAll() { written = 0 }
}
