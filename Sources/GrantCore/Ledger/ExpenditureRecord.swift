/// One expenditure line as the expenditure reader hands it on: its values read and checked
/// against the project, its texts as UTF-8 bytes in place (trimmed, quotes undoubled), so a
/// million lines are read, audited and recorded without a string per field. It stands for the
/// same line `expenditureLine(in:)` makes. The texts are valid only during the call it is
/// passed to.
package struct ExpenditureRecord {
    /// The line of its file the record starts on.
    package var sourceLine: Int
    /// Positions in the grant's `partners` and `costCategories`.
    package var partner: Int
    package var category: Int
    package var periodNumber: Int
    package var invoiceDate: CalendarDate
    /// Nil while unpaid.
    package var paymentDate: CalendarDate?
    /// Net, VAT and gross in the invoice's currency; gross = net + VAT.
    package var net: Money
    package var vat: Money
    package var gross: Money
    /// The rate used for a non-euro invoice; nil for euro.
    package var exchangeRate: ExchangeRate?
    /// The amount declared, in euro.
    package var declared: Money
    package var invoiceNumber: UnsafeBufferPointer<UInt8>
    package var supplier: UnsafeBufferPointer<UInt8>
    package var description: UnsafeBufferPointer<UInt8>
    package var documentReference: UnsafeBufferPointer<UInt8>

    package init(sourceLine: Int, partner: Int, category: Int, periodNumber: Int, invoiceDate: CalendarDate,
                 paymentDate: CalendarDate?, net: Money, vat: Money, gross: Money, exchangeRate: ExchangeRate?, declared: Money,
                 invoiceNumber: UnsafeBufferPointer<UInt8>, supplier: UnsafeBufferPointer<UInt8>,
                 description: UnsafeBufferPointer<UInt8>, documentReference: UnsafeBufferPointer<UInt8>) {
        (self.sourceLine, self.partner, self.category, self.periodNumber) = (sourceLine, partner, category, periodNumber)
        (self.invoiceDate, self.paymentDate) = (invoiceDate, paymentDate)
        (self.net, self.vat, self.gross, self.exchangeRate, self.declared) = (net, vat, gross, exchangeRate, declared)
        (self.invoiceNumber, self.supplier) = (invoiceNumber, supplier)
        (self.description, self.documentReference) = (description, documentReference)
    }

    /// The invoice's currency.
    package var currency: Currency { gross.currency }

    /// The key of the invoice it declares (`InvoiceIdentity.key`), from the bytes in place.
    package var invoiceKey: UInt64 { InvoiceIdentity.key(supplierBytes: supplier, numberBytes: invoiceNumber) }

    /// The same line as an `ExpenditureLine` of `grant`, its texts made strings.
    package func expenditureLine(in grant: Grant) -> ExpenditureLine {
        func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }
        return ExpenditureLine(partnerID: grant.partners[partner].id, categoryID: grant.costCategories[category].id,
                               periodNumber: periodNumber, invoiceNumber: text(invoiceNumber), supplier: text(supplier),
                               invoiceDate: invoiceDate, paymentDate: paymentDate, net: net, vat: vat, gross: gross,
                               exchangeRate: exchangeRate, declaredEuros: declared, description: text(description),
                               documentReference: text(documentReference))
    }

    /// The line as the audit reads it: entry `entry` of import batch `batch`, recorded on
    /// `recordedOn`, certified at `certified` when controlled.
    package func auditLine(entry: Int64, batch: Int64, recordedOn: CalendarDate, certified: Money?) -> AuditLine {
        AuditLine(kind: .expenditure, entry: entry, sourceLine: sourceLine, batch: batch, partner: partner, category: category,
                  periodNumber: periodNumber, invoiceDate: invoiceDate, paymentDate: paymentDate, net: net, vat: vat, gross: gross,
                  exchangeRate: exchangeRate, declared: declared, euros: declared, reversed: false, certified: certified,
                  recordedOn: recordedOn, invoiceNumber: invoiceNumber, supplier: supplier)
    }
}
