/// The invoices declared so far, line by line, as `SameInvoice` decides "the same invoice": each
/// distinct invoice once, by its exact folded identity (`InvoiceFolding`), with its gross, its
/// declared parts and the lines that declared it. Memory grows with the distinct invoices, not
/// with the lines: a supplier is folded once however many of its invoices come (a project has
/// a few thousand suppliers over a million lines), an invoice number once per invoice.
package struct InvoiceBook {
    /// A line that declared an invoice: its entry, its partner (a position) and its import batch.
    package struct Declaration: Sendable, Equatable {
        package let entry: Int64
        package let partner: Int32
        package let batch: Int64
    }

    /// A line whose declared amount takes its invoice's declared parts above the gross.
    package struct Repeat {
        /// The earlier lines of the same invoice, in ledger order.
        package let earlier: [Declaration]
        /// The invoice's gross in euro (the largest any of its lines so far states).
        package let gross: Money
        /// The declared parts added up, this line's included.
        package let declaredParts: Money
        /// The part of this line's declared amount that is declared twice.
        package let excess: Money
    }

    private struct Invoice {
        let supplier: Int32
        let number: Range<Int>
        var gross: Int64
        var declared: Int64
        var excess: Int64
        let first: Declaration
        /// The next invoice whose key is the same (a 64-bit key is only a candidate), or -1.
        var next: Int32 = -1
    }

    private var suppliers = FoldedSuppliers()
    /// The folded invoice numbers, one after another.
    private var numbers: [UInt8] = []
    private var invoices: [Invoice] = []
    private var byKey = KeyTable()
    /// The declarations after the first, by invoice (few invoices have more than one).
    private var later: [Int32: [Declaration]] = [:]
    private var scratch: [UInt8] = []

    package init() {}

    /// Makes room for `count` distinct invoices, as many as the lines expected: a book grown
    /// from empty to a million invoices would move its keys and invoices many times over.
    package mutating func reserve(invoices count: Int) {
        byKey.reserve(count)
        invoices.reserveCapacity(count)
        numbers.reserveCapacity(count * 12)
    }

    /// Adds a line declaring `declared` euros of the invoice of `supplier` numbered `number`
    /// whose gross in euro is `gross`; the repeat it makes, if it takes the invoice's declared
    /// parts above its gross (`SameInvoice`).
    package mutating func add(supplier: UnsafeBufferPointer<UInt8>, number: UnsafeBufferPointer<UInt8>, gross: Money, declared: Money,
                              by declaration: Declaration) throws(MoneyError) -> Repeat? {
        let (supplierIndex, state) = suppliers.index(of: supplier)
        scratch.removeAll(keepingCapacity: true)
        InvoiceFolding.fold(number, into: &scratch)
        var key = state
        for byte in scratch { InvoiceIdentity.mix(byte, into: &key) }
        let (index, isFirst) = locate(key: key, supplier: supplierIndex, declaration: declaration)
        var invoice = invoices[Int(index)]
        invoice.gross = max(invoice.gross, gross.minorUnits)
        let (sum, overflow) = invoice.declared.addingReportingOverflow(declared.minorUnits)
        guard !overflow else { throw .overflow(operation: "add an invoice's declared parts") }
        invoice.declared = sum
        let beyond = try Money(minorUnits: invoice.declared, currency: .euro).subtracting(Money(minorUnits: invoice.gross, currency: .euro))
            .subtracting(Money(minorUnits: invoice.excess, currency: .euro))
        let excess = min(declared, max(beyond, .zero(.euro)))
        var repeated: Repeat?
        if !isFirst, excess > .zero(.euro) {
            repeated = Repeat(earlier: [invoice.first] + (later[index] ?? []), gross: try Money(minorUnits: invoice.gross, currency: .euro),
                           declaredParts: try Money(minorUnits: invoice.declared, currency: .euro), excess: excess)
            invoice.excess += excess.minorUnits
        }
        if !isFirst { later[index, default: []].append(declaration) }
        invoices[Int(index)] = invoice
        return repeated
    }

    /// The invoice of `key` whose folded supplier and number are the ones just folded, and
    /// whether it is new (added, first declared by `declaration`): one probe of the key table
    /// for most lines, a walk along the invoices of one key only when keys collide.
    private mutating func locate(key: UInt64, supplier: Int32, declaration: Declaration) -> (Int32, Bool) {
        let (head, inserted) = byKey.value(of: key, insertingIfNew: Int32(invoices.count))
        if inserted {
            append(supplier: supplier, declaration: declaration, next: -1)
            return (head, true)
        }
        var candidate = head
        while candidate >= 0 {
            let invoice = invoices[Int(candidate)]
            if suppliers.sameFolding(invoice.supplier, supplier), Self.equal(numbers, invoice.number, scratch) { return (candidate, false) }
            candidate = invoice.next
        }
        let index = append(supplier: supplier, declaration: declaration, next: head)
        byKey.set(key, index)
        return (index, true)
    }

    @discardableResult
    private mutating func append(supplier: Int32, declaration: Declaration, next: Int32) -> Int32 {
        let start = numbers.count
        numbers.append(contentsOf: scratch)
        invoices.append(Invoice(supplier: supplier, number: start..<numbers.count, gross: 0, declared: 0, excess: 0, first: declaration,
                                next: next))
        return Int32(invoices.count - 1)
    }

    /// Whether `bytes[range]` holds `other`.
    static func equal(_ bytes: [UInt8], _ range: Range<Int>, _ other: [UInt8]) -> Bool {
        guard range.count == other.count else { return false }
        return bytes.withUnsafeBufferPointer { bytes in
            other.withUnsafeBufferPointer { other in
                range.isEmpty || sameBytes(bytes.baseAddress! + range.lowerBound, other.baseAddress!, range.count)
            }
        }
    }
}

/// Suppliers as written, each folded once: the folded bytes and the invoice key's hash state
/// after them (and the separator), found again by the written bytes.
struct FoldedSuppliers {
    private var written: [UInt8] = []
    private var folded: [UInt8] = []
    private var entries: [(written: Range<Int>, folded: Range<Int>, state: UInt64, next: Int32)] = []
    private var byHash = KeyTable()
    /// The last supplier asked for: lines of one supplier often come together.
    private var last: Int32 = -1

    /// The position of `supplier` (as written) and the key's hash state after its folding.
    mutating func index(of supplier: UnsafeBufferPointer<UInt8>) -> (Int32, UInt64) {
        if last >= 0, Self.equal(written, entries[Int(last)].written, supplier) { return (last, entries[Int(last)].state) }
        let hash = Self.lookupHash(supplier)
        var candidate = byHash[hash] ?? -1
        while candidate >= 0 {
            if Self.equal(written, entries[Int(candidate)].written, supplier) {
                last = candidate
                return (candidate, entries[Int(candidate)].state)
            }
            candidate = entries[Int(candidate)].next
        }
        let (writtenStart, foldedStart) = (written.count, folded.count)
        written.append(contentsOf: supplier)
        InvoiceFolding.fold(supplier, into: &folded)
        var state = InvoiceIdentity.offsetBasis
        for byte in folded[foldedStart...] { InvoiceIdentity.mix(byte, into: &state) }
        InvoiceIdentity.mix(0xFF, into: &state)
        let index = Int32(entries.count)
        entries.append((writtenStart..<written.count, foldedStart..<folded.count, state, byHash[hash] ?? -1))
        byHash.set(hash, index)
        last = index
        return (index, state)
    }

    /// A hash of the written bytes to find a supplier by, eight bytes at a time (a supplier's
    /// name is looked up for every line; its invoice key's state is computed once, when new).
    private static func lookupHash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        guard let base = bytes.baseAddress else { return hash }
        var offset = 0
        while offset + 8 <= bytes.count {
            hash = (hash ^ UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        for (place, byte) in bytes[offset...].enumerated() { tail |= UInt64(byte) << (place * 8) }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }

    /// Whether two suppliers fold alike (two spellings of one supplier do).
    func sameFolding(_ first: Int32, _ second: Int32) -> Bool {
        first == second || folded[entries[Int(first)].folded].elementsEqual(folded[entries[Int(second)].folded])
    }

    /// Whether `bytes[range]` holds `other`.
    private static func equal(_ bytes: [UInt8], _ range: Range<Int>, _ other: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == other.count else { return false }
        return range.isEmpty
            || bytes.withUnsafeBufferPointer { sameBytes($0.baseAddress! + range.lowerBound, other.baseAddress!, range.count) }
    }
}

/// Whether `count` bytes at `first` and `second` are the same, eight at a time.
package func sameBytes(_ first: UnsafePointer<UInt8>, _ second: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    var index = 0
    while index + 8 <= count {
        let (left, right) = (UnsafeRawPointer(first + index), UnsafeRawPointer(second + index))
        guard left.loadUnaligned(as: UInt64.self) == right.loadUnaligned(as: UInt64.self) else { return false }
        index += 8
    }
    while index < count {
        guard first[index] == second[index] else { return false }
        index += 1
    }
    return true
}

/// The invoice keys (`InvoiceIdentity.key`) of many lines, each supplier folded once: an import
/// and verify take the key of every line, and most suppliers come again and again.
package struct InvoiceKeys {
    private var suppliers = FoldedSuppliers()
    private var number: [UInt8] = []

    package init() {}

    /// The key of the invoice of `supplier` numbered `number`, both as written.
    package mutating func key(supplier: UnsafeBufferPointer<UInt8>, number written: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let state = suppliers.index(of: supplier).1
        var hash = state
        if InvoiceIdentity.asciiMix(written, into: &hash) { return hash }
        hash = state
        number.removeAll(keepingCapacity: true)
        InvoiceFolding.fold(written, into: &number)
        for byte in number { InvoiceIdentity.mix(byte, into: &hash) }
        return hash
    }

    /// The key of the invoice of `supplier` numbered `number`, given as strings.
    package mutating func key(supplier: String, number: String) -> UInt64 {
        var (supplier, number) = (supplier, number)
        return supplier.withUTF8 { supplier in number.withUTF8 { key(supplier: supplier, number: $0) } }
    }
}
