/// One expenditure or reversal entry as the audit reads it: compact values and the invoice's
/// texts as bytes in place, so a ledger or a folder of a million lines is audited without an
/// entry object or a string per line. A folder's reader and a ledger's block reader make them;
/// `Audit` makes them from `LedgerLine`s. The texts are valid only during the call.
package struct AuditLine {
    package enum Kind: Sendable {
        case expenditure
        /// A reversal: the fields are the reversed line's, but for the posting period and `euros`.
        case reversal
    }

    package var kind: Kind
    package var entry: Int64
    /// The line of its file, for an expenditure entry.
    package var sourceLine: Int?
    /// The import batch, 0 for none.
    package var batch: Int64
    /// Positions in the audit's partner and category lists (`AuditContext`).
    package var partner: Int
    package var category: Int
    /// The period the entry is posted in: the line's own, or the reversal's.
    package var periodNumber: Int
    package var invoiceDate: CalendarDate
    package var paymentDate: CalendarDate?
    package var net: Money
    package var vat: Money
    package var gross: Money
    package var exchangeRate: ExchangeRate?
    /// The line's declared euros (for a reversal, the reversed line's).
    package var declared: Money
    /// What the entry adds to the ledger: the declared amount, or a reversal's negative one.
    package var euros: Money
    /// Whether a reversal cancels this expenditure entry.
    package var reversed: Bool
    /// The amount certified (`LedgerLine.certifiedEuros`); nil while uncontrolled.
    package var certified: Money?
    /// The day the entry was recorded, which declares it when its batch is not known.
    package var recordedOn: CalendarDate?
    package var invoiceNumber: UnsafeBufferPointer<UInt8>
    package var supplier: UnsafeBufferPointer<UInt8>

    package init(kind: Kind, entry: Int64, sourceLine: Int?, batch: Int64, partner: Int, category: Int, periodNumber: Int,
                 invoiceDate: CalendarDate, paymentDate: CalendarDate?, net: Money, vat: Money, gross: Money,
                 exchangeRate: ExchangeRate?, declared: Money, euros: Money, reversed: Bool, certified: Money?,
                 recordedOn: CalendarDate?, invoiceNumber: UnsafeBufferPointer<UInt8>, supplier: UnsafeBufferPointer<UInt8>) {
        (self.kind, self.entry, self.sourceLine, self.batch) = (kind, entry, sourceLine, batch)
        (self.partner, self.category, self.periodNumber) = (partner, category, periodNumber)
        (self.invoiceDate, self.paymentDate, self.net, self.vat, self.gross) = (invoiceDate, paymentDate, net, vat, gross)
        (self.exchangeRate, self.declared, self.euros, self.reversed) = (exchangeRate, declared, euros, reversed)
        (self.certified, self.recordedOn, self.invoiceNumber, self.supplier) = (certified, recordedOn, invoiceNumber, supplier)
    }

    /// Whether the line is still declared: an expenditure entry no reversal cancels.
    package var isLive: Bool { kind == .expenditure && !reversed }

    /// The invoice's currency.
    package var currency: Currency { gross.currency }
}
