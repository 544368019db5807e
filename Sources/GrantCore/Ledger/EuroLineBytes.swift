/// A euro expenditure line (no exchange rate) as bytes in place: what a fast reading of a large
/// file hands to the ledger without making an `ExpenditureLine` and a string per field. It
/// stands for the same line the full reader would make: the texts are its exact UTF-8, the
/// dates ISO `YYYY-MM-DD`, the amounts euro cents. Valid only during the call it is passed to.
public struct EuroLineBytes {
    public var partnerID: UnsafeBufferPointer<UInt8>
    public var categoryID: UnsafeBufferPointer<UInt8>
    public var periodNumber: Int
    public var invoiceNumber: UnsafeBufferPointer<UInt8>
    public var supplier: UnsafeBufferPointer<UInt8>
    public var invoiceDate: UnsafeBufferPointer<UInt8>
    /// Nil while unpaid.
    public var paymentDate: UnsafeBufferPointer<UInt8>?
    public var netCents: Int64
    public var vatCents: Int64
    public var grossCents: Int64
    public var declaredCents: Int64
    public var description: UnsafeBufferPointer<UInt8>
    public var documentReference: UnsafeBufferPointer<UInt8>

    public init(partnerID: UnsafeBufferPointer<UInt8>, categoryID: UnsafeBufferPointer<UInt8>, periodNumber: Int,
                invoiceNumber: UnsafeBufferPointer<UInt8>, supplier: UnsafeBufferPointer<UInt8>, invoiceDate: UnsafeBufferPointer<UInt8>,
                paymentDate: UnsafeBufferPointer<UInt8>?, netCents: Int64, vatCents: Int64, grossCents: Int64, declaredCents: Int64,
                description: UnsafeBufferPointer<UInt8>, documentReference: UnsafeBufferPointer<UInt8>) {
        self.partnerID = partnerID
        self.categoryID = categoryID
        self.periodNumber = periodNumber
        self.invoiceNumber = invoiceNumber
        self.supplier = supplier
        self.invoiceDate = invoiceDate
        self.paymentDate = paymentDate
        self.netCents = netCents
        self.vatCents = vatCents
        self.grossCents = grossCents
        self.declaredCents = declaredCents
        self.description = description
        self.documentReference = documentReference
    }
}
