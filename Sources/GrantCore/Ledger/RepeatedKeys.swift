/// Finding which 64-bit keys (invoice hashes) come more than once among millions: the keys are
/// spread into up to 65,536 buckets by their top bits (one counting pass, one moving pass, both in
/// sequence), then each bucket of a few is sorted. This touches memory in order instead of at a
/// random place per key, as a hash set would.
public enum RepeatedKeys {
    /// The keys that come more than once in `keys`; empty when none does.
    public static func among(_ keys: [UInt64]) -> Set<UInt64> {
        // About one key per bucket, from 2^8 to 2^16 buckets, so a small set costs little.
        let bits = UInt64(min(16, max(8, Int.bitWidth - keys.count.leadingZeroBitCount)))
        let buckets = 1 << Int(bits)
        var starts = [Int](repeating: 0, count: buckets + 1)
        for key in keys { starts[Int(truncatingIfNeeded: key >> (64 - bits)) + 1] += 1 }
        for bucket in 1..<starts.count { starts[bucket] += starts[bucket - 1] }
        var spread = [UInt64](repeating: 0, count: keys.count)
        var next = starts
        for key in keys {
            let bucket = Int(truncatingIfNeeded: key >> (64 - bits))
            spread[next[bucket]] = key
            next[bucket] += 1
        }
        var repeated: Set<UInt64> = []
        spread.withUnsafeMutableBufferPointer { spread in
            for bucket in 0..<buckets where starts[bucket + 1] - starts[bucket] > 1 {
                let members = starts[bucket]..<starts[bucket + 1]
                sortInPlace(spread, members)
                for index in members.dropFirst() where spread[index] == spread[index - 1] { repeated.insert(spread[index]) }
            }
        }
        return repeated
    }

    /// Sorts `range` of `keys` where it lies: a bucket holds a few keys, which insertion sorts
    /// without allocating; a larger one (many equal top bits) is sorted by the standard library.
    private static func sortInPlace(_ keys: UnsafeMutableBufferPointer<UInt64>, _ range: Range<Int>) {
        guard range.count <= 16 else {
            var slice = UnsafeMutableBufferPointer(rebasing: keys[range])
            slice.sort()
            return
        }
        for index in range.dropFirst() {
            let key = keys[index]
            var place = index
            while place > range.lowerBound, keys[place - 1] > key {
                keys[place] = keys[place - 1]
                place -= 1
            }
            keys[place] = key
        }
    }
}
