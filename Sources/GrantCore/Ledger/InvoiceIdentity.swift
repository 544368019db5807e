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

    /// The identity of the invoice `line` declares.
    public init(_ line: ExpenditureLine) {
        self.init(supplier: line.supplier, number: line.invoiceNumber)
    }

    /// The 64-bit key ledgers store for each expenditure entry, to find repeats without reading
    /// the entries: FNV-1a over the folded supplier, a 0xFF byte (never in UTF-8), the folded
    /// number. Equal identities have equal keys; an equal key is only a candidate.
    public var key: UInt64 { Self.key(foldedSupplier: supplier, foldedNumber: number) }

    /// The key of the invoice given as UTF-8 bytes as written, without building strings for
    /// ASCII text: the same value `InvoiceIdentity(supplier:number:).key` gives.
    public static func key(supplierBytes: some Collection<UInt8>, numberBytes: some Collection<UInt8>) -> UInt64 {
        if supplierBytes.allSatisfy({ $0 < 0x80 }) && numberBytes.allSatisfy({ $0 < 0x80 }) {
            var hash = offsetBasis
            for byte in supplierBytes { if let kept = InvoiceFolding.asciiFolded(byte) { mix(kept, into: &hash) } }
            mix(0xFF, into: &hash)
            for byte in numberBytes { if let kept = InvoiceFolding.asciiFolded(byte) { mix(kept, into: &hash) } }
            return hash
        }
        var supplier: [UInt8] = []
        var number: [UInt8] = []
        InvoiceFolding.fold(supplierBytes, into: &supplier)
        InvoiceFolding.fold(numberBytes, into: &number)
        return key(foldedSupplier: supplier, foldedNumber: number)
    }

    /// The same key for fields given in place, as the fast readers hold them: one pass over
    /// ASCII bytes, folded as they are hashed; the Unicode path only when a byte is not ASCII.
    @inlinable
    public static func key(supplierBytes: UnsafeBufferPointer<UInt8>, numberBytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        guard asciiMix(supplierBytes, into: &hash) else { return key(supplierBytes: Array(supplierBytes), numberBytes: Array(numberBytes)) }
        hash = (hash ^ 0xFF) &* 0x0000_0100_0000_01b3
        guard asciiMix(numberBytes, into: &hash) else { return key(supplierBytes: Array(supplierBytes), numberBytes: Array(numberBytes)) }
        return hash
    }

    /// Mixes ASCII `bytes` folded as `InvoiceFolding.asciiFolded` folds them (no controls,
    /// spaces or quotes; lower case) into `hash`; false at the first byte that is not ASCII.
    @inlinable
    static func asciiMix(_ bytes: UnsafeBufferPointer<UInt8>, into hash: inout UInt64) -> Bool {
        for byte in bytes {
            if byte >= 0x80 { return false }
            if byte <= 0x20 || byte == 0x7F || byte == 0x22 || byte == 0x27 || byte == 0x60 { continue }
            hash = (hash ^ UInt64(byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte)) &* 0x0000_0100_0000_01b3
        }
        return true
    }

    private static func key(foldedSupplier: [UInt8], foldedNumber: [UInt8]) -> UInt64 {
        var hash = offsetBasis
        for byte in foldedSupplier { mix(byte, into: &hash) }
        mix(0xFF, into: &hash)
        for byte in foldedNumber { mix(byte, into: &hash) }
        return hash
    }

    private static let offsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    private static func mix(_ byte: UInt8, into hash: inout UInt64) {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// The identity as text, for messages: `supplier / number`, folded.
    public var description: String {
        String(decoding: supplier, as: UTF8.self) + " / " + String(decoding: number, as: UTF8.self)
    }
}
