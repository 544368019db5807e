import GrantCore

/// What `ExpenditureScan` adds up over a folder's files: declared euro cents and lines per
/// partner × category × period, and a 64-bit hash of every invoice (supplier and number) outside
/// the flat-rate categories, to give up on any invoice that may be declared twice.
public struct ExpenditureSums {
    private let partners: [[UInt8]]
    private let categories: [[UInt8]]
    private let periods: [Int]
    private let flatRate: [Bool]
    private var cents: [Int64]
    private var lines: [Int]
    var invoices = InvoiceHashes()

    public init(grant: Grant, pack: RulePack) {
        partners = grant.partners.map { Array($0.id.utf8) }
        categories = grant.costCategories.map { Array($0.id.utf8) }
        periods = grant.reportingPeriods.map(\.number)
        let flatRateCategories = Set(pack.flatRates.map(\.category))
        flatRate = grant.costCategories.map { flatRateCategories.contains($0.id) }
        cents = [Int64](repeating: 0, count: partners.count * categories.count * periods.count)
        lines = [Int](repeating: 0, count: cents.count)
    }

    /// The sums as the audit and reports read them.
    public func spendIndex(_ grant: Grant) throws(MoneyError) -> SpendIndex {
        var cells: [(SpendIndex.Key, Money, Int)] = []
        for (p, partner) in grant.partners.enumerated() {
            for (c, category) in grant.costCategories.enumerated() {
                for (r, period) in grant.reportingPeriods.enumerated() where lines[cell(p, c, r)] > 0 {
                    let index = cell(p, c, r)
                    cells.append((SpendIndex.Key(partnerID: partner.id, categoryID: category.id, periodNumber: period.number),
                                  try Money(minorUnits: cents[index], currency: .euro), lines[index]))
                }
            }
        }
        return try SpendIndex(declared: cells, corrections: .init())
    }

    private func cell(_ partner: Int, _ category: Int, _ period: Int) -> Int {
        (partner * categories.count + category) * periods.count + period
    }

    /// Adds a line's declared cents to its cell; false on overflow.
    mutating func add(_ declared: Int64, partner: Int, category: Int, period: Int) -> Bool {
        let index = cell(partner, category, period)
        let (sum, overflow) = cents[index].addingReportingOverflow(declared)
        guard !overflow else { return false }
        cents[index] = sum
        lines[index] += 1
        return true
    }

    func partnerIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { Self.index(of: bytes, in: partners) }
    func categoryIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { Self.index(of: bytes, in: categories) }
    func isFlatRate(_ category: Int) -> Bool { flatRate[category] }

    /// The position of the period numbered as `bytes` say (plain digits, as `Int` reads them).
    func periodIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...4).contains(bytes.count) else { return nil }
        var number = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            number = number * 10 + Int(digit)
        }
        return periods.firstIndex(of: number)
    }

    private static func index(of bytes: UnsafeBufferPointer<UInt8>, in ids: [[UInt8]]) -> Int? {
        for (index, id) in ids.enumerated() where id.count == bytes.count {
            if id.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return index }
        }
        return nil
    }
}

/// A set of 64-bit invoice hashes (open addressing): "seen before" means the same invoice or,
/// rarely, another with the same hash; the scan gives up on either and the full reader decides.
struct InvoiceHashes {
    private var slots = [UInt64](repeating: 0, count: 1 << 16)
    private var count = 0

    /// Adds the invoice; false when its hash is in the set already.
    mutating func insert(supplier: UnsafeBufferPointer<UInt8>, number: UnsafeBufferPointer<UInt8>) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in supplier { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        hash = (hash ^ 0x1F) &* 0x0100_0000_01b3  // A separator no field holds: "AB"+"C" is not "A"+"BC".
        for byte in number { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3 }
        // Mix the bits so the low ones pick well-spread slots (the murmur3 finaliser).
        hash = (hash ^ (hash >> 33)) &* 0xff51_afd7_ed55_8ccd
        hash = (hash ^ (hash >> 33)) &* 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        if hash == 0 { hash = 1 }  // 0 marks an empty slot.
        if (count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let held = slots[slot]
            if held == 0 {
                slots[slot] = hash
                count += 1
                return true
            }
            if held == hash { return false }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let old = slots
        slots = [UInt64](repeating: 0, count: old.count * 2)
        let mask = slots.count - 1
        for hash in old where hash != 0 {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = hash
        }
    }
}
