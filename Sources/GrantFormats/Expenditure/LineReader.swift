import GrantCore

/// Reads the current record of one expenditure file's splitter as an `ExpenditureRecord`: what
/// `ExpenditureReader` needs per file, built once. Values are read from the bytes in place; a
/// cell the byte readings do not take is read as a string by the same parsers a small file's
/// cells go through, which give its value or the exact message.
final class LineReader {
    private let reader: ExpenditureReader
    private let splitter: CSVSplitter
    private let columns: ExpenditureColumns
    private let file: String
    private let partners: IdentifierTable
    private let categories: IdentifierTable
    private let periods: Set<Int>
    private let projectCurrency: Currency
    private let pack: RulePack
    // The state below is touched only by the thread reading the file, a record at a time:
    // unchecked exclusivity spares each access a runtime check.
    @exclusivity(unchecked) private var amounts: StreamingAmounts
    /// The fields of the columns this reader looks at, by record position (-1 when the file lacks one).
    private let at: Positions
    /// Where texts holding doubled quotes are written out once undoubled, for the record at hand.
    @exclusivity(unchecked) private var undoubled: UnsafeMutablePointer<UInt8>?
    @exclusivity(unchecked) private var undoubledCount = 0
    /// The last rate read from a cell, by its currency and text: foreign lines repeat their rates.
    @exclusivity(unchecked) private var lastRate: (currency: Currency, text: String, rate: ExchangeRate)?

    init(reader: ExpenditureReader, splitter: CSVSplitter, columns: ExpenditureColumns) {
        self.reader = reader
        self.splitter = splitter
        self.columns = columns
        file = splitter.file
        partners = IdentifierTable(reader.grant.partners.map(\.id))
        categories = IdentifierTable(reader.grant.costCategories.map(\.id))
        periods = Set(reader.grant.reportingPeriods.map(\.number))
        projectCurrency = reader.grant.project.currency
        pack = reader.grant.programme.rulePack
        amounts = StreamingAmounts(file: file, decimalMark: reader.decimalMark)
        at = Positions(columns)
    }

    deinit { undoubled?.deallocate() }

    /// Refuses a record with fewer fields than the header, or more that are not empty.
    func checkFieldCount() throws(InputError) {
        let fields = splitter.fields
        guard fields.count >= columns.headerCount, fields.dropFirst(columns.headerCount).allSatisfy({ $0.count == 0 }) else {
            throw InputError(file: file, location: .line(splitter.recordLine),
                             problem: "the line has \(fields.count) fields but the header has \(columns.headerCount); "
                                 + "check the delimiters and quotes on this line")
        }
    }

    /// The first partner, category or period of the record that the project does not define.
    func unknownReference() -> UnknownReference? {
        func unknown(_ position: Int, _ kind: UnknownReference.Kind, isKnown: (UnsafeBufferPointer<UInt8>) -> Bool) -> UnknownReference? {
            let span = splitter.fields[position]
            if isKnown(value(position)) { return nil }
            return UnknownReference(kind: kind, value: splitter.text(span).trimmingSpaces, file: file, line: span.line,
                                    column: splitter.column(span))
        }
        return unknown(at.partner, .partner) { partners.index(of: $0) != nil }
            ?? unknown(at.category, .category) { categories.index(of: $0) != nil }
            ?? unknown(at.period, .period) { periodNumber($0).map(periods.contains) ?? false }
    }

    /// Reads the record and hands it to `body`.
    func withRecord(_ body: (borrowing ExpenditureRecord) throws -> Void) throws {
        undoubledCount = 0
        guard let partner = partners.index(of: value(at.partner)) else { throw unknown(at.partner, "partner", partners: true) }
        guard let category = categories.index(of: value(at.category)) else { throw unknown(at.category, "cost category", partners: false) }
        let period = try reportingPeriod()
        let currency = try lineCurrency()
        let net = try amount(at.net, "net", currency)
        let vat = try amount(at.vat, "VAT", currency)
        let gross = try amount(at.gross, "gross", currency)
        guard LineAmounts(net: net, vat: vat, gross: gross, exchangeRate: nil).grossIsNetPlusVAT else {
            throw error(at.gross, "gross \(AmountFormat.en.format(gross)) is not net \(AmountFormat.en.format(net)) + "
                + "VAT \(AmountFormat.en.format(vat)); correct the line")
        }
        let invoiceDate = try date(at.invoiceDate, "invoice date")
        let paymentDate = at.paymentDate < 0 || value(at.paymentDate).isEmpty ? nil : try date(at.paymentDate, "payment date")
        let (rate, converted) = try conversion(gross: gross, invoiceDate: invoiceDate)
        let declared = try declaredEuros(converted: converted)
        let record = ExpenditureRecord(
            sourceLine: splitter.recordLine, partner: partner, category: category, periodNumber: period, invoiceDate: invoiceDate,
            paymentDate: paymentDate, net: net, vat: vat, gross: gross, exchangeRate: rate, declared: declared,
            invoiceNumber: try required(at.invoiceNumber, "invoice number"), supplier: try required(at.supplier, "supplier"),
            description: value(at.description), documentReference: value(at.document))
        try body(record)
    }

    // MARK: Cells

    /// The text of field `position`, trimmed of spaces, tabs and no-break spaces and its doubled
    /// quotes undoubled, as bytes; empty for a column the file lacks.
    private func value(_ position: Int) -> UnsafeBufferPointer<UInt8> {
        guard position >= 0 else { return UnsafeBufferPointer(start: splitter.bytes, count: 0) }
        let span = splitter.fields[position]
        var bytes = UnsafeBufferPointer(start: splitter.bytes + span.start, count: span.count)
        if span.escaped { bytes = undouble(bytes) }
        return Self.trimmed(bytes)
    }

    private func undouble(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        if undoubled == nil { undoubled = .allocate(capacity: Limits.recordBytesMax) }
        let target = undoubled! + undoubledCount
        var count = 0
        var index = 0
        while index < bytes.count {
            target[count] = bytes[index]
            count += 1
            index += bytes[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        undoubledCount += count
        return UnsafeBufferPointer(start: target, count: count)
    }

    /// `bytes` without the spaces, tabs and no-break spaces at either end (`trimmingSpaces`).
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return bytes }
        var (start, end) = (0, bytes.count)
        while start < end {
            if base[start] == 0x20 || base[start] == 0x09 {
                start += 1
            } else if base[start] == 0xC2, start + 1 < end, base[start + 1] == 0xA0 {
                start += 2
            } else {
                break
            }
        }
        while end > start {
            if base[end - 1] == 0x20 || base[end - 1] == 0x09 {
                end -= 1
            } else if base[end - 1] == 0xA0, end - 2 >= start, base[end - 2] == 0xC2 {
                end -= 2
            } else {
                break
            }
        }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// The field at `position` as the string-reading parsers take it: untrimmed, quotes undoubled.
    private func cell(_ position: Int) -> CSVField {
        let span = splitter.fields[position]
        return CSVField(text: splitter.text(span), line: span.line, column: splitter.column(span))
    }

    private func error(_ position: Int, _ problem: String) -> InputError {
        let span = splitter.fields[position]
        return InputError(file: file, location: .cell(line: span.line, column: splitter.column(span)), problem: problem)
    }

    private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    private func unknown(_ position: Int, _ what: String, partners: Bool) -> InputError {
        let ids = partners ? reader.grant.partners.map(\.id) : reader.grant.costCategories.map(\.id)
        return error(position, "\(what) \"\(text(value(position)))\" is not defined in project "
            + "\(reader.grant.project.code); expected one of \(ids.sorted().joined(separator: ", "))")
    }

    private func required(_ position: Int, _ what: String) throws(InputError) -> UnsafeBufferPointer<UInt8> {
        let bytes = value(position)
        guard !bytes.isEmpty else { throw error(position, "the \(what) is empty; every line needs one") }
        return bytes
    }

    /// A period number written as `Int` reads it: plain digits read here, anything else as a string.
    private func periodNumber(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard (1...4).contains(bytes.count) else { return Int(text(bytes)) }
        var number = 0
        for byte in bytes {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return Int(text(bytes)) }
            number = number * 10 + Int(digit)
        }
        return number
    }

    private func reportingPeriod() throws(InputError) -> Int {
        let bytes = value(at.period)
        guard let number = periodNumber(bytes), periods.contains(number) else {
            throw error(at.period, "reporting period \"\(text(bytes))\" is not one of project "
                + "\(reader.grant.project.code)'s: \(periods.sorted().map(String.init).joined(separator: ", "))")
        }
        if let closure = reader.closedPeriods[number] {
            throw error(at.period, "period \(number) is closed (\(closure)); a closed period takes no new entries, so "
                + "declare this line in an open period")
        }
        return number
    }

    private func lineCurrency() throws(InputError) -> Currency {
        guard at.currency >= 0 else { return projectCurrency }
        let bytes = value(at.currency)
        if bytes.isEmpty { return projectCurrency }
        if bytes.elementsEqual(Self.euroCode) { return .euro }
        guard let currency = Currency(code: text(bytes).uppercased()) else {
            throw error(at.currency, "\"\(cell(at.currency).text)\" is not an ISO 4217 currency code the engine knows; e.g. EUR, NOK, PLN")
        }
        return currency
    }

    private static let euroCode = Array("EUR".utf8)

    private func amount(_ position: Int, _ label: String, _ currency: Currency) throws(InputError) -> Money {
        let span = splitter.fields[position]
        let bytes = UnsafeBufferPointer(start: splitter.bytes + span.start, count: span.count)
        return try amounts.amount(bytes, cell: { cell(position) }, column: label, currency: currency)
    }

    private func date(_ position: Int, _ what: String) throws(InputError) -> CalendarDate {
        let bytes = value(position)
        guard let date = CalendarDate(bytes: bytes) else {
            throw error(position, "\(what) \"\(cell(position).text)\" is not a date; expected YYYY-MM-DD or DD.MM.YYYY, e.g. 2017-10-03")
        }
        return date
    }

    /// The rate and the gross in euro: euro lines as they are; other currencies at the line's own
    /// rate, or else the rate table's for the month the rule pack names.
    private func conversion(gross: Money, invoiceDate: CalendarDate) throws(InputError) -> (ExchangeRate?, Money) {
        let hasRateCell = at.exchangeRate >= 0 && splitter.fields[at.exchangeRate].count > 0
        let rateText = hasRateCell ? amounts.rateText(cell(at.exchangeRate)).trimmingSpaces : ""
        guard gross.currency != .euro else {
            if hasRateCell, !rateText.isEmpty, rateText != "1" { throw error(at.exchangeRate, "a euro line has no "
                + "exchange rate; leave the cell empty") }
            return (nil, gross)
        }
        let rate: ExchangeRate
        if !rateText.isEmpty {
            rate = try cellRate(rateText, currency: gross.currency)
        } else {
            let month = pack.conversionMonth == .submission ? reader.submissionDate : invoiceDate
            guard let found = reader.rates?.rate(gross.currency, monthOf: month) else {
                let monthText = String(month.description.prefix(7))
                let source = reader.rates == nil ? "no rate table was given (--rates FILE)" : "the rate table has no "
                    + "\(gross.currency) rate for \(monthText)"
                let which = pack.conversionMonth == .submission ? "submission (\(monthText))" : "the invoice (\(monthText))"
                throw InputError(file: file, location: .line(splitter.recordLine),
                                 problem: "a \(gross.currency) line needs a rate: the exchange_rate cell is empty and "
                                     + "\(source); the rule pack converts at the rate of the month of \(which)")
            }
            rate = found
        }
        do {
            return (rate, try rate.euros(for: gross, rounding: pack.conversionRounding))
        } catch {
            throw InputError(file: file, location: .line(splitter.recordLine), problem: "the converted amount is too large")
        }
    }

    private func cellRate(_ text: String, currency: Currency) throws(InputError) -> ExchangeRate {
        if let last = lastRate, last.currency == currency, last.text == text { return last.rate }
        do {
            let rate = try ExchangeRate(currency: currency, text: text)
            lastRate = (currency, text, rate)
            return rate
        } catch {
            throw self.error(at.exchangeRate, "exchange rate: \(error.message)")
        }
    }

    /// The euro amount declared: the cell's, or the whole converted gross when the cell is empty
    /// or absent. More than the converted gross cannot be declared.
    private func declaredEuros(converted: Money) throws(InputError) -> Money {
        guard at.amountEUR >= 0, !value(at.amountEUR).isEmpty else { return converted }
        let declared = try amount(at.amountEUR, "amount_eur", .euro)
        guard declared.minorUnits.magnitude <= converted.minorUnits.magnitude,
              declared.isNegative == converted.isNegative || declared.isZero else {
            throw error(at.amountEUR, "the declared \(AmountFormat.en.format(declared)) EUR is more than the invoice's "
                + "gross in euro, \(AmountFormat.en.format(converted)); declare at most the gross")
        }
        return declared
    }

    /// The record position of each column read; -1 for an optional one the file lacks.
    private struct Positions {
        let partner, category, period, invoiceNumber, supplier, invoiceDate, paymentDate: Int
        let net, vat, gross, currency, exchangeRate, amountEUR, description, document: Int

        init(_ columns: ExpenditureColumns) {
            func at(_ field: ExpenditureField) -> Int { columns.position(of: field) ?? -1 }
            (partner, category, period) = (at(.partner), at(.category), at(.period))
            (invoiceNumber, supplier) = (at(.invoiceNumber), at(.supplier))
            (invoiceDate, paymentDate, net, vat, gross) = (at(.invoiceDate), at(.paymentDate), at(.net), at(.vat), at(.gross))
            (currency, exchangeRate, amountEUR) = (at(.currency), at(.exchangeRate), at(.amountEUR))
            (description, document) = (at(.description), at(.document))
        }
    }
}
