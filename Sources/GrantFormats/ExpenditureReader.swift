import GrantCore

/// Reads an expenditure file line by line into expenditure lines of one project, checking each
/// against the project (partners, categories, periods, closed periods) and converting non-euro
/// lines as the rule pack says. Any bad line stops the read with its file, line and column.
public struct ExpenditureReader {
    public let grant: Grant
    /// Closed periods, each with a phrase saying when and by whom, for the message.
    public let closedPeriods: [Int: String]
    /// Monthly rates for lines that give no rate of their own.
    public let rates: RateTable?
    /// The date the expenditure is submitted for control: its month picks the rate under
    /// Interreg rules.
    public let submissionDate: CalendarDate
    public let decimalMark: DecimalMark?

    public init(grant: Grant, closedPeriods: [Int: String], rates: RateTable?, submissionDate: CalendarDate, decimalMark: DecimalMark?) {
        self.grant = grant
        self.closedPeriods = closedPeriods
        self.rates = rates
        self.submissionDate = submissionDate
        self.decimalMark = decimalMark
    }

    /// Reads every record of `stream` after the header and hands each line, with its line number,
    /// to `emit`. With `skipUnknown`, a line naming a partner, category or period the project
    /// does not have is handed to it and skipped, instead of stopping the read (a folder audit
    /// reports such lines as findings; an import refuses them).
    public func read(_ stream: inout CSVStream, skipUnknown: ((UnknownReference) -> Void)? = nil,
                     emit: (ExpenditureLine, Int) throws -> Void) throws {
        guard let header = try stream.nextRecord() else {
            throw InputError(file: stream.file, location: .wholeFile, problem: "the file holds no data, only blank lines")
        }
        let columns = try ExpenditureColumns(header: header, file: stream.file)
        var amounts = StreamingAmounts(file: stream.file, decimalMark: decimalMark)
        let context = LineContext(reader: self, file: stream.file, partners: Set(grant.partners.map(\.id)),
                                  categories: Set(grant.costCategories.map(\.id)), periods: Set(grant.reportingPeriods.map(\.number)))
        while let record = try stream.nextRecord() {
            guard record.fields.count >= columns.headerCount,
                  record.fields.dropFirst(columns.headerCount).allSatisfy({ $0.text.isEmpty }) else {
                throw InputError(file: stream.file, location: .line(record.line),
                                 problem: "the line has \(record.fields.count) fields but the header has \(columns.headerCount); check the delimiters and quotes on this line")
            }
            if let skipUnknown, let unknown = context.unknownReference(record, columns: columns) {
                skipUnknown(unknown)
                continue
            }
            try emit(try context.line(record, columns: columns, amounts: &amounts), record.line)
        }
    }
}

/// What reading one line needs, built once per file.
private struct LineContext {
    let reader: ExpenditureReader
    let file: String
    let partners: Set<String>
    let categories: Set<String>
    let periods: Set<Int>

    func line(_ record: CSVRecord, columns: ExpenditureColumns, amounts: inout StreamingAmounts) throws(InputError) -> ExpenditureLine {
        func field(_ column: ExpenditureField) -> CSVField? { columns.field(column, of: record) }
        func required(_ column: ExpenditureField, _ what: String) throws(InputError) -> String {
            let cell = field(column)!
            let text = cell.text.trimmingSpaces
            guard !text.isEmpty else { throw error(cell, "the \(what) is empty; every line needs one") }
            return text
        }
        let partner = try known(field(.partner)!, in: partners, what: "partner")
        let category = try known(field(.category)!, in: categories, what: "cost category")
        let period = try periodNumber(field(.period)!)
        let currency = try lineCurrency(field(.currency))
        let net = try amounts.amount(field(.net)!, column: "net", currency: currency)
        let vat = try amounts.amount(field(.vat)!, column: "VAT", currency: currency)
        let grossCell = field(.gross)!
        let gross = try amounts.amount(grossCell, column: "gross", currency: currency)
        guard (try? net.adding(vat)) == gross else {
            throw error(grossCell, "gross \(AmountFormat.en.format(gross)) is not net \(AmountFormat.en.format(net)) + VAT \(AmountFormat.en.format(vat)); correct the line")
        }
        let invoiceDate = try date(field(.invoiceDate)!, "invoice date")
        let paymentCell = field(.paymentDate)
        let paymentDate = try paymentCell.flatMap { (cell) throws(InputError) in cell.text.trimmingSpaces.isEmpty ? nil : try date(cell, "payment date") }
        let (rate, converted) = try conversion(gross: gross, invoiceDate: invoiceDate, record: record, columns: columns, amounts: &amounts)
        let declared = try declaredEuros(field(.amountEUR), converted: converted, amounts: &amounts)
        return ExpenditureLine(partnerID: partner, categoryID: category, periodNumber: period,
                               invoiceNumber: try required(.invoiceNumber, "invoice number"), supplier: try required(.supplier, "supplier"),
                               invoiceDate: invoiceDate, paymentDate: paymentDate, net: net, vat: vat, gross: gross, exchangeRate: rate,
                               declaredEuros: declared, description: field(.description)?.text.trimmingSpaces ?? "",
                               documentReference: field(.document)?.text.trimmingSpaces ?? "")
    }

    /// The first partner, category or period of `record` that the project does not define.
    func unknownReference(_ record: CSVRecord, columns: ExpenditureColumns) -> UnknownReference? {
        func unknown(_ field: ExpenditureField, _ kind: UnknownReference.Kind, isKnown: (String) -> Bool) -> UnknownReference? {
            let cell = columns.field(field, of: record)!
            let text = cell.text.trimmingSpaces
            return isKnown(text) ? nil : UnknownReference(kind: kind, value: text, file: file, line: cell.line, column: cell.column)
        }
        return unknown(.partner, .partner) { partners.contains($0) }
            ?? unknown(.category, .category) { categories.contains($0) }
            ?? unknown(.period, .period) { Int($0).map(periods.contains) ?? false }
    }

    private func known(_ cell: CSVField, in ids: Set<String>, what: String) throws(InputError) -> String {
        let text = cell.text.trimmingSpaces
        guard ids.contains(text) else {
            throw error(cell, "\(what) \"\(text)\" is not defined in project \(reader.grant.project.code); expected one of \(ids.sorted().joined(separator: ", "))")
        }
        return text
    }

    private func periodNumber(_ cell: CSVField) throws(InputError) -> Int {
        let text = cell.text.trimmingSpaces
        guard let number = Int(text), periods.contains(number) else {
            throw error(cell, "reporting period \"\(text)\" is not one of project \(reader.grant.project.code)'s: \(periods.sorted().map(String.init).joined(separator: ", "))")
        }
        if let closure = reader.closedPeriods[number] {
            throw error(cell, "period \(number) is closed (\(closure)); a closed period takes no new entries, so declare this line in an open period")
        }
        return number
    }

    private func lineCurrency(_ cell: CSVField?) throws(InputError) -> Currency {
        guard let cell, !cell.text.trimmingSpaces.isEmpty else { return reader.grant.project.currency }
        let code = cell.text.trimmingSpaces.uppercased()
        guard let currency = Currency(code: code) else {
            throw error(cell, "\"\(cell.text)\" is not an ISO 4217 currency code the engine knows; e.g. EUR, NOK, PLN")
        }
        return currency
    }

    private func date(_ cell: CSVField, _ what: String) throws(InputError) -> CalendarDate {
        guard let date = CalendarDate(text: cell.text.trimmingSpaces) else {
            throw error(cell, "\(what) \"\(cell.text)\" is not a date; expected YYYY-MM-DD or DD.MM.YYYY, e.g. 2017-10-03")
        }
        return date
    }

    /// The rate and the gross in euro: euro lines as they are; other currencies at the line's own
    /// rate, or else the rate table's for the month the rule pack names.
    private func conversion(gross: Money, invoiceDate: CalendarDate, record: CSVRecord, columns: ExpenditureColumns,
                            amounts: inout StreamingAmounts) throws(InputError) -> (ExchangeRate?, Money) {
        let rateCell = columns.field(.exchangeRate, of: record)
        let rateText = rateCell.map { amounts.rateText($0).trimmingSpaces } ?? ""
        guard gross.currency != .euro else {
            if let rateCell, !rateText.isEmpty, rateText != "1" {
                throw error(rateCell, "a euro line has no exchange rate; leave the cell empty")
            }
            return (nil, gross)
        }
        let rate: ExchangeRate
        if let rateCell, !rateText.isEmpty {
            do {
                rate = try ExchangeRate(currency: gross.currency, text: rateText)
            } catch {
                throw self.error(rateCell, "exchange rate: \(error.message)")
            }
        } else {
            let pack = reader.grant.programme.rulePack
            let month = pack.conversionMonth == .submission ? reader.submissionDate : invoiceDate
            guard let found = reader.rates?.rate(gross.currency, monthOf: month) else {
                let monthText = String(month.description.prefix(7))
                let source = reader.rates == nil ? "no rate table was given (--rates FILE)" : "the rate table has no \(gross.currency) rate for \(monthText)"
                throw InputError(file: file, location: .line(record.line),
                                 problem: "a \(gross.currency) line needs a rate: the exchange_rate cell is empty and \(source); the rule pack converts at the rate of the month of \(pack.conversionMonth == .submission ? "submission (\(monthText))" : "the invoice (\(monthText))")")
            }
            rate = found
        }
        do {
            return (rate, try rate.euros(for: gross, rounding: reader.grant.programme.rulePack.conversionRounding))
        } catch {
            throw InputError(file: file, location: .line(record.line), problem: "the converted amount is too large")
        }
    }

    /// The euro amount declared: the cell's, or the whole converted gross when the cell is empty
    /// or absent. More than the converted gross cannot be declared.
    private func declaredEuros(_ cell: CSVField?, converted: Money, amounts: inout StreamingAmounts) throws(InputError) -> Money {
        guard let cell, !cell.text.trimmingSpaces.isEmpty else { return converted }
        let declared = try amounts.amount(cell, column: "amount_eur", currency: .euro)
        guard declared.minorUnits.magnitude <= converted.minorUnits.magnitude,
              declared.isNegative == converted.isNegative || declared.isZero else {
            throw error(cell, "the declared \(AmountFormat.en.format(declared)) EUR is more than the invoice's gross in euro, \(AmountFormat.en.format(converted)); declare at most the gross")
        }
        return declared
    }

    private func error(_ cell: CSVField, _ problem: String) -> InputError {
        InputError(file: file, location: .cell(line: cell.line, column: cell.column), problem: problem)
    }
}

/// A line that names a partner, category or period its project does not define.
public struct UnknownReference: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case partner, category, period
    }

    public let kind: Kind
    public let value: String
    public let file: String
    public let line: Int
    public let column: Int
}
