import GrantCore

/// An expenditure entry of a block as its bytes give it, read as `LedgerEntry(fields:)` reads an
/// expenditure entry but with no `String` made: texts are the reader's bytes, valid while it is
/// on the entry. What `verify` and the audit read of most entries.
struct PlainExpenditure {
    let batch: Int64
    let sourceLine: Int64
    let partner: UnsafeBufferPointer<UInt8>
    let category: UnsafeBufferPointer<UInt8>
    let period: Int64
    let invoiceNumber: UnsafeBufferPointer<UInt8>
    let supplier: UnsafeBufferPointer<UInt8>
    let invoiceDate: CalendarDate
    let paymentDate: CalendarDate?
    let net: Money
    let vat: Money
    let gross: Money
    let exchangeRate: ExchangeRate?
    let declared: Money

    /// Whether gross = net + VAT, and a rate is given exactly when the currency is not the euro:
    /// what every import enforces.
    var isConsistent: Bool {
        (try? net.adding(vat)) == gross && (gross.currency == .euro) == (exchangeRate == nil)
    }
}

/// Reads `PlainExpenditure`s one entry after another, keeping the currency and rate last read,
/// as a block's lines mostly share them.
struct PlainExpenditureReading {
    private var currency: (code: [UInt8], currency: Currency)?
    private var rate: (text: [UInt8], rate: ExchangeRate)?

    /// The entry `reader` is on; nil when a field would not read as `LedgerEntry(fields:)` reads it.
    mutating func line(_ reader: BlockEntryReader) -> PlainExpenditure? {
        guard let batch = reader.integer(5), let sourceLine = reader.integer(6), let partner = reader.text(7),
              let category = reader.text(8), let period = reader.integer(9), let number = reader.text(10),
              let supplier = reader.text(11), let invoiced = reader.text(12), let invoiceDate = CalendarDate(bytes: invoiced),
              let code = reader.text(14), let currency = currency(code),
              let net = money(reader.integer(15), currency), let vat = money(reader.integer(16), currency),
              let gross = money(reader.integer(17), currency), let declared = money(reader.integer(19), .euro),
              reader.text(20) != nil, reader.text(21) != nil else { return nil }
        var paymentDate: CalendarDate?
        if !reader.isAbsent(13) {
            guard let paid = reader.text(13), let date = CalendarDate(bytes: paid) else { return nil }
            paymentDate = date
        }
        var exchangeRate: ExchangeRate?
        if !reader.isAbsent(18) {
            guard let text = reader.text(18), let found = rate(text, currency) else { return nil }
            exchangeRate = found
        }
        return PlainExpenditure(batch: batch, sourceLine: sourceLine, partner: partner, category: category, period: period,
                                invoiceNumber: number, supplier: supplier, invoiceDate: invoiceDate, paymentDate: paymentDate,
                                net: net, vat: vat, gross: gross, exchangeRate: exchangeRate, declared: declared)
    }

    private func money(_ minorUnits: Int64?, _ currency: Currency) -> Money? {
        minorUnits.flatMap { try? Money(minorUnits: $0, currency: currency) }
    }

    private mutating func currency(_ code: UnsafeBufferPointer<UInt8>) -> Currency? {
        if let currency, currency.code.elementsEqual(code) { return currency.currency }
        guard let found = Currency(code: String(decoding: code, as: UTF8.self)) else { return nil }
        currency = (Array(code), found)
        return found
    }

    private mutating func rate(_ text: UnsafeBufferPointer<UInt8>, _ currency: Currency) -> ExchangeRate? {
        if let rate, rate.rate.currency == currency, rate.text.elementsEqual(text) { return rate.rate }
        guard let found = try? ExchangeRate(currency: currency, text: String(decoding: text, as: UTF8.self)) else { return nil }
        rate = (Array(text), found)
        return found
    }
}
