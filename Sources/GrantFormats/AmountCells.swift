import GrantCore

/// The amount cells of one file, read under one decimal mark decided for the whole file.
///
/// The mark is the one given, or else the only one under which every cell reads. When both
/// read every cell and some cell means different amounts under each (`1.234` in a currency
/// with three decimals), the file is ambiguous and the reader says which cell to look at.
struct AmountCells {
    let decimalMark: DecimalMark
    let parser: AmountParser

    init(_ cells: [CSVField], currency: Currency, forced: DecimalMark?, file: String) throws(InputError) {
        let mark = if let forced { forced } else { try Self.decide(cells, currency: currency, file: file) }
        self.decimalMark = mark
        self.parser = AmountParser(decimalMark: mark, currency: currency)
    }

    /// The amount in `cell`, or an error that names the cell's line and column.
    /// The amount of `cell`; approved budgets are never negative, so a negative one is refused.
    func amount(_ cell: CSVField, column label: String, file: String) throws(InputError) -> Money {
        let money: Money
        do {
            money = try parser.parse(cell.text)
        } catch {
            let column = cell.column + (error.offset ?? 0)
            let expected = decimalMark == .point ? "e.g. 110174.91 or 110,174.91" : "e.g. 110174,91 or 110 174,91"
            let problem = error == .empty
                ? "\(label): the amount is empty; expected an amount, \(expected)"
                : "\(label): \"\(cell.text)\" is not an amount: \(error.problem); expected \(expected) (decimal \(decimalMark.rawValue) in this file)"
            throw InputError(file: file, location: .cell(line: cell.line, column: column), problem: problem)
        }
        guard !money.isNegative else {
            throw InputError(file: file, location: .cell(line: cell.line, column: cell.column),
                             problem: "\(label): \"\(cell.text)\" is negative; an approved budget amount is zero or more")
        }
        return money
    }

    private static func decide(_ cells: [CSVField], currency: Currency, file: String) throws(InputError) -> DecimalMark {
        let point = AmountParser(decimalMark: .point, currency: currency)
        let comma = AmountParser(decimalMark: .comma, currency: currency)
        let written = cells.filter { !$0.text.isEmpty }
        let pointReadings = written.map { try? point.parse($0.text) }
        let pointFailures = pointReadings.filter { $0 == nil }.count
        // The comma is read only while it could still read as many cells as the point: most
        // files settle it at their first amount with decimals.
        var commaReadings: [Money?] = []
        var commaFailures = 0
        for cell in written where commaFailures <= pointFailures {
            let reading = try? comma.parse(cell.text)
            commaReadings.append(reading)
            if reading == nil { commaFailures += 1 }
        }
        if pointFailures == 0, commaFailures == 0,
           let differing = written.indices.first(where: { pointReadings[$0] != commaReadings[$0] }).map({ written[$0] }) {
            throw InputError(file: file, location: .cell(line: differing.line, column: differing.column),
                             problem: "\"\(differing.text)\" reads as a different amount with a decimal point than with a decimal comma, and no other amount in the file settles which the file uses; give it with --decimal-mark point or --decimal-mark comma")
        }
        // The mark that reads more cells wins; the cells it cannot read are then reported one by one.
        return commaFailures < pointFailures ? .comma : .point
    }
}
