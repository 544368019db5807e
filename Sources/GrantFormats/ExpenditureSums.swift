import GrantCore

/// What `ExpenditureScan` adds up over a folder's files: declared euro cents and lines per
/// partner × category × period, and a 64-bit hash of every invoice (supplier and number) outside
/// the flat-rate categories, to give up on any invoice that may be declared twice.
public struct ExpenditureSums {
    private let partners: IdentifierTable
    private let categories: IdentifierTable
    private let periods: [Int]
    private let flatRate: [Bool]
    private var cents: [Int64]
    private var lines: [Int]
    public internal(set) var invoices = InvoiceHashes()

    public init(grant: Grant, pack: RulePack) {
        self.init(grant: grant, flatRateCategories: Set(pack.flatRates.map(\.category)))
    }

    /// Sums for a reading that hands its lines on (an import), where no category is told apart.
    public init(grant: Grant) {
        self.init(grant: grant, flatRateCategories: [])
    }

    private init(grant: Grant, flatRateCategories: Set<String>) {
        partners = IdentifierTable(grant.partners.map(\.id))
        categories = IdentifierTable(grant.costCategories.map(\.id))
        periods = grant.reportingPeriods.map(\.number)
        flatRate = grant.costCategories.map { flatRateCategories.contains($0.id) }
        cents = [Int64](repeating: 0, count: grant.partners.count * grant.costCategories.count * periods.count)
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

    /// The same table with nothing added yet: for part of a file read on another thread.
    public func emptied() -> ExpenditureSums {
        var empty = self
        empty.cents = [Int64](repeating: 0, count: cents.count)
        empty.lines = [Int](repeating: 0, count: lines.count)
        empty.invoices = InvoiceHashes()
        return empty
    }

    /// Adds what `other` (the same table, see `emptied`) summed; false on overflow.
    public mutating func merge(_ other: ExpenditureSums) -> Bool {
        guard other.cents.count == cents.count else { return false }
        for index in cents.indices {
            let (sum, overflow) = cents[index].addingReportingOverflow(other.cents[index])
            guard !overflow else { return false }
            cents[index] = sum
            lines[index] += other.lines[index]
        }
        invoices.merge(other.invoices)
        return true
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

    func partnerIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { partners.index(of: bytes) }
    func categoryIndex(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? { categories.index(of: bytes) }
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

    /// The number of the period at `index`.
    func periodNumber(_ index: Int) -> Int { periods[index] }

}

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

/// The keys (`InvoiceIdentity.key`) of the invoices a scan has read: the one definition of the
/// same invoice, so a repeat however spelled, and a split invoice, make the scan give up and the
/// full reader decide (it tells a split within the gross from a repeat). Keys are collected in
/// order and checked once at the end (`RepeatedKeys`).
public struct InvoiceHashes {
    private var hashes: [UInt64] = []

    /// Adds the invoice, given as its fields' bytes between their quotes, if any. A quote inside
    /// is written doubled there; the key drops quotation marks, so equal invoices have equal keys
    /// however their files quote them.
    mutating func add(supplier: UnsafeBufferPointer<UInt8>, number: UnsafeBufferPointer<UInt8>) {
        hashes.append(InvoiceIdentity.key(supplierBytes: supplier, numberBytes: number))
    }

    mutating func merge(_ other: InvoiceHashes) { hashes.append(contentsOf: other.hashes) }

    /// Whether any hash comes twice.
    public func haveRepeat() -> Bool { !RepeatedKeys.among(hashes).isEmpty }
}
