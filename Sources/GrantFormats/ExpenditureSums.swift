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
    public internal(set) var invoices = InvoiceHashes()

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

/// The 64-bit hashes of the invoices (supplier and number) a scan has read. "Twice" means the
/// same invoice or, rarely, two with the same hash: the scan gives up on either and the full
/// reader decides. Hashes are collected in order and sorted once at the end, which touches
/// memory in sequence instead of at a random place per invoice.
public struct InvoiceHashes {
    private var hashes: [UInt64] = []

    /// Adds the invoice, given as the text between its fields' quotes, if any.
    mutating func add(supplier: UnsafeBufferPointer<UInt8>, number: UnsafeBufferPointer<UInt8>) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        Self.mix(supplier, into: &hash)
        hash = (hash ^ 0x1F) &* 0x0100_0000_01b3  // A separator no field holds: "AB"+"C" is not "A"+"BC".
        Self.mix(number, into: &hash)
        hashes.append(hash)
    }

    /// FNV-1a over the text. Inside quotes a quote is always doubled, so each pair is taken as one.
    private static func mix(_ bytes: UnsafeBufferPointer<UInt8>, into hash: inout UInt64) {
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
            index += byte == UInt8(ascii: "\"") ? 2 : 1
        }
    }

    /// Whether any hash comes twice.
    public func haveRepeat() -> Bool {
        let sorted = Self.radixSorted(hashes)
        return sorted.indices.dropFirst().contains { sorted[$0] == sorted[$0 - 1] }
    }

    /// `values` in ascending order: eight stable passes, one per byte, lowest first.
    private static func radixSorted(_ values: [UInt64]) -> [UInt64] {
        var source = values
        var target = [UInt64](repeating: 0, count: values.count)
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            var counts = [Int](repeating: 0, count: 257)
            for value in source { counts[Int(truncatingIfNeeded: value >> shift) & 0xFF + 1] += 1 }
            for digit in 1..<257 { counts[digit] += counts[digit - 1] }
            for value in source {
                let digit = Int(truncatingIfNeeded: value >> shift) & 0xFF
                target[counts[digit]] = value
                counts[digit] += 1
            }
            swap(&source, &target)
        }
        return source
    }
}
