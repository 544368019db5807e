/// A map from 64-bit keys that are hashes already (invoice keys) to positions: open addressing,
/// linear probing, each slot a key beside its value (one memory access finds both), doubled at
/// half full. A million keys are found and added at about one random memory access each.
struct KeyTable {
    private struct Slot {
        var key: UInt64 = 0
        /// The position, or -1 for an empty slot.
        var value: Int32 = -1
    }

    private var slots: [Slot]
    private var mask: Int
    private(set) var count = 0

    init(capacity: Int = 1 << 10) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// The value of `key`, or nil.
    subscript(key: UInt64) -> Int32? {
        slots.withUnsafeBufferPointer { slots in
            var slot = Self.slot(key, mask)
            while slots[slot].value >= 0 {
                if slots[slot].key == key { return slots[slot].value }
                slot = (slot + 1) & mask
            }
            return nil
        }
    }

    /// The value of `key`, after setting it to `value` when the key is new.
    mutating func value(of key: UInt64, insertingIfNew value: Int32) -> (value: Int32, inserted: Bool) {
        precondition(value >= 0, "A key table holds positions")
        if (count + 1) * 2 > slots.count { grow() }
        let mask = mask
        let found = slots.withUnsafeMutableBufferPointer { slots -> Int32? in
            var slot = Self.slot(key, mask)
            while slots[slot].value >= 0 {
                if slots[slot].key == key { return slots[slot].value }
                slot = (slot + 1) & mask
            }
            slots[slot] = Slot(key: key, value: value)
            return nil
        }
        if let found { return (found, false) }
        count += 1
        return (value, true)
    }

    /// Sets the value of `key` (a position, zero or more).
    mutating func set(_ key: UInt64, _ value: Int32) {
        precondition(value >= 0, "A key table holds positions")
        if (count + 1) * 2 > slots.count { grow() }
        let mask = mask
        let added = slots.withUnsafeMutableBufferPointer { slots -> Bool in
            var slot = Self.slot(key, mask)
            while slots[slot].value >= 0 {
                if slots[slot].key == key {
                    slots[slot].value = value
                    return false
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Slot(key: key, value: value)
            return true
        }
        if added { count += 1 }
    }

    /// A multiply spreads any key's bits over the slot number.
    private static func slot(_ key: UInt64, _ mask: Int) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask }

    /// Makes room for `keys` keys in all, so that adding them does not grow the table again
    /// and again (each time moving every key).
    mutating func reserve(_ keys: Int) {
        var size = slots.count
        while size < keys * 2 { size <<= 1 }
        if size > slots.count { resize(to: size) }
    }

    private mutating func grow() { resize(to: slots.count * 2) }

    private mutating func resize(to size: Int) {
        let old = slots
        slots = [Slot](repeating: Slot(), count: size)
        mask = slots.count - 1
        count = 0
        for slot in old where slot.value >= 0 { set(slot.key, slot.value) }
    }
}
