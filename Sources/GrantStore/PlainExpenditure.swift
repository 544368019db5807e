import GrantCore

/// An expenditure entry of a block as its bytes give it, read as `LedgerEntry(fields:)` reads an
/// expenditure entry but with no `String` made: its texts are the reader's bytes, valid while it
/// is on the entry (`PlainExpenditure`), or where a keeper of many entries put them (`Text`, e.g.
/// places in its own buffer). What `verify` and the audit read of most entries.
struct PlainExpenditureOf<Text> {
    let batch: Int64
    let sourceLine: Int64
    let partner: Text
    let category: Text
    let period: Int64
    let invoiceNumber: Text
    let supplier: Text
    let invoiceDate: CalendarDate
    let paymentDate: CalendarDate?
    let net: Money
    let vat: Money
    let gross: Money
    let exchangeRate: ExchangeRate?
    let declared: Money

    /// Whether its amounts hold as every import holds them (`LineAmounts`).
    var isConsistent: Bool { LineAmounts(net: net, vat: vat, gross: gross, exchangeRate: exchangeRate).hold }

    /// The same entry with each of its texts given by `move`.
    func withTexts<Moved>(_ move: (Text) -> Moved) -> PlainExpenditureOf<Moved> {
        PlainExpenditureOf<Moved>(batch: batch, sourceLine: sourceLine, partner: move(partner), category: move(category),
                                  period: period, invoiceNumber: move(invoiceNumber), supplier: move(supplier),
                                  invoiceDate: invoiceDate, paymentDate: paymentDate, net: net, vat: vat, gross: gross,
                                  exchangeRate: exchangeRate, declared: declared)
    }
}

/// An expenditure entry with its texts in the block reader's bytes.
typealias PlainExpenditure = PlainExpenditureOf<UnsafeBufferPointer<UInt8>>

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
