import GrantCore

/// Reads a table of monthly exchange rates: `currency,month,units_per_euro`, e.g.
/// `NOK,2017-10,9.6873` (the Commission's accounting rate: units of the currency per euro).
public struct RateTableReader: Sendable {
    public init() {}

    public func read(_ bytes: [UInt8], file: String) throws(InputError) -> RateTable {
        let document = try CSVDocument(bytes: bytes, file: file)
        let header = document.records[0].fields.map { $0.text.trimmingSpaces.lowercased() }
        guard header == ["currency", "month", "units_per_euro"] else {
            throw InputError(file: file, location: .line(document.records[0].line), problem: "expected the header currency,month,units_per_euro")
        }
        var table = RateTable()
        for record in document.records.dropFirst() {
            guard record.fields.count == 3 else {
                throw InputError(file: file, location: .line(record.line), problem: "the line has \(record.fields.count) fields; expected 3: currency, month, units_per_euro")
            }
            let (codeCell, monthCell, rateCell) = (record.fields[0], record.fields[1], record.fields[2])
            guard let currency = Currency(code: codeCell.text.trimmingSpaces.uppercased()) else {
                throw Self.error(file, codeCell, "\"\(codeCell.text)\" is not an ISO 4217 currency code the engine knows")
            }
            guard let month = CalendarDate(text: monthCell.text.trimmingSpaces + "-01") else {
                throw Self.error(file, monthCell, "\"\(monthCell.text)\" is not a month; expected YYYY-MM, e.g. 2017-10")
            }
            let rate: ExchangeRate
            do {
                rate = try ExchangeRate(currency: currency, text: rateCell.text.trimmingSpaces)
            } catch {
                throw Self.error(file, rateCell, error.message)
            }
            guard table.add(rate, year: month.year, month: month.month) else {
                throw Self.error(file, monthCell, "a second \(currency) rate for \(monthCell.text); each currency has one rate a month")
            }
        }
        return table
    }

    private static func error(_ file: String, _ cell: CSVField, _ problem: String) -> InputError {
        InputError(file: file, location: .cell(line: cell.line, column: cell.column), problem: problem)
    }
}
