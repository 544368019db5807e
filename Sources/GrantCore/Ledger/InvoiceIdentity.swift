/// Which invoice an expenditure line declares: its supplier and number, each in its folded
/// spelling (`InvoiceFolding`). Two lines with the same identity declare the same invoice,
/// whichever partner declares them and however they spell it: this is the one definition the
/// audit, the import's warning, folders and ledgers all use.
public struct InvoiceIdentity: Hashable, Sendable {
    /// The supplier, folded.
    public let supplier: [UInt8]
    /// The invoice number, folded.
    public let number: [UInt8]

    /// The identity of an invoice of `supplier` numbered `number`, as written.
    public init(supplier: String, number: String) {
        self.supplier = InvoiceFolding.folded(supplier)
        self.number = InvoiceFolding.folded(number)
    }

    /// An identity from texts folded already.
    init(foldedSupplier: [UInt8], foldedNumber: [UInt8]) {
        supplier = foldedSupplier
        number = foldedNumber
    }

    /// The identity of the invoice `line` declares.
    public init(_ line: ExpenditureLine) {
        self.init(supplier: line.supplier, number: line.invoiceNumber)
    }

    /// The 64-bit key ledgers store for each expenditure entry, to find repeats without reading
    /// the entries: FNV-1a over the folded supplier, a 0xFF byte (never in UTF-8), the folded
    /// number. Equal identities have equal keys; an equal key is only a candidate.
    public var key: UInt64 { Self.key(foldedSupplier: supplier, foldedNumber: number) }

    /// The key of the invoice given as UTF-8 bytes as written: the same value
    /// `InvoiceIdentity(supplier:number:).key` gives.
    public static func key(supplierBytes: some Collection<UInt8>, numberBytes: some Collection<UInt8>) -> UInt64 {
        let supplier = Array(supplierBytes), number = Array(numberBytes)
        return supplier.withUnsafeBufferPointer { supplier in
            number.withUnsafeBufferPointer { key(supplierBytes: supplier, numberBytes: $0) }
        }
    }

    /// The same key for fields given in place, as the fast readers hold them: one pass over
    /// ASCII bytes, folded as they are hashed; the Unicode folding only when a byte is not ASCII.
    @inlinable
    public static func key(supplierBytes: UnsafeBufferPointer<UInt8>, numberBytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash = offsetBasis
        guard asciiMix(supplierBytes, into: &hash) else { return unicodeKey(supplierBytes, numberBytes) }
        mix(0xFF, into: &hash)
        guard asciiMix(numberBytes, into: &hash) else { return unicodeKey(supplierBytes, numberBytes) }
        return hash
    }

    /// Mixes ASCII `bytes`, folded as `InvoiceFolding.asciiFolded` folds them, into `hash`; false
    /// at the first byte that is not ASCII.
    @inlinable
    static func asciiMix(_ bytes: UnsafeBufferPointer<UInt8>, into hash: inout UInt64) -> Bool {
        for byte in bytes {
            guard byte < 0x80 else { return false }
            if let kept = InvoiceFolding.asciiFolded(byte) { mix(kept, into: &hash) }
        }
        return true
    }

    /// The key of text that is not all ASCII: folded in full, then hashed.
    @usableFromInline
    static func unicodeKey(_ supplierBytes: UnsafeBufferPointer<UInt8>, _ numberBytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var supplier: [UInt8] = []
        var number: [UInt8] = []
        InvoiceFolding.fold(supplierBytes, into: &supplier)
        InvoiceFolding.fold(numberBytes, into: &number)
        return key(foldedSupplier: supplier, foldedNumber: number)
    }

    private static func key(foldedSupplier: [UInt8], foldedNumber: [UInt8]) -> UInt64 {
        var hash = offsetBasis
        for byte in foldedSupplier { mix(byte, into: &hash) }
        mix(0xFF, into: &hash)
        for byte in foldedNumber { mix(byte, into: &hash) }
        return hash
    }

    @usableFromInline
    static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inlinable @inline(__always)
    static func mix(_ byte: UInt8, into hash: inout UInt64) {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// The identity as text, for messages: `supplier / number`, folded.
    public var description: String {
        String(decoding: supplier, as: UTF8.self) + " / " + String(decoding: number, as: UTF8.self)
    }
}
