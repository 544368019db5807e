import GrantCore

/// Reads the amounts of a streamed file under one decimal mark for the whole file, decided by
/// the first amount that reads only one way. Until then, an amount that reads the same either
/// way is taken as it is; one that reads as two different amounts stops the import and asks
/// for `--decimal-mark`. After the decision, every amount must read under that mark.
struct StreamingAmounts {
    private(set) var decimalMark: DecimalMark?
    private var decidedAt: (line: Int, column: Int, text: String)?
    let file: String

    init(file: String, decimalMark: DecimalMark?) {
        self.file = file
        self.decimalMark = decimalMark
    }

    /// The amount of a cell given as its bytes in place: read from the bytes when written
    /// plainly under the file's decided mark, else from `cell()`'s text as below.
    mutating func amount(_ bytes: UnsafeBufferPointer<UInt8>, cell: () -> CSVField, column label: String,
                         currency: Currency) throws(InputError) -> Money {
        if let decimalMark, let plain = AmountParser(decimalMark: decimalMark, currency: currency).parsePlain(bytes) { return plain }
        return try amount(cell(), column: label, currency: currency)
    }

    mutating func amount(_ cell: CSVField, column label: String, currency: Currency) throws(InputError) -> Money {
        if let decimalMark { return try Self.read(cell, label: label, parser: AmountParser(decimalMark: decimalMark, currency: currency), file: file, decidedAt: decidedAt) }
        let point = try? AmountParser(decimalMark: .point, currency: currency).parse(cell.text)
        let comma = try? AmountParser(decimalMark: .comma, currency: currency).parse(cell.text)
        switch (point, comma) {
        case (let value?, nil):
            decide(.point, at: cell)
            return value
        case (nil, let value?):
            decide(.comma, at: cell)
            return value
        case (let first?, let second?):
            guard first == second else {
                throw InputError(file: file, location: .cell(line: cell.line, column: cell.column),
                                 problem: "\(label): \"\(cell.text)\" reads as a different amount with a decimal point than with a decimal comma, and no amount before it settles which the file uses; give it with --decimal-mark point or --decimal-mark comma")
            }
            return first
        case (nil, nil):
            // Report the problem as the more common reading, a decimal point, sees it.
            return try Self.read(cell, label: label, parser: AmountParser(decimalMark: .point, currency: currency), file: file, decidedAt: nil)
        }
    }

    /// A rate cell, read with the file's decimal mark (a comma file writes `9,6873`).
    mutating func rateText(_ cell: CSVField) -> String {
        if decimalMark == nil, cell.text.contains(",") { decide(.comma, at: cell) }
        return decimalMark == .comma ? cell.text.replacingComma : cell.text
    }

    private mutating func decide(_ mark: DecimalMark, at cell: CSVField) {
        decimalMark = mark
        decidedAt = (cell.line, cell.column, cell.text)
    }

    private static func read(_ cell: CSVField, label: String, parser: AmountParser, file: String, decidedAt: (line: Int, column: Int, text: String)?) throws(InputError) -> Money {
        do {
            return try parser.parse(cell.text)
        } catch {
            let mark = parser.decimalMark
            let expected = mark == .point ? "e.g. 1234.50 or 1,234.50" : "e.g. 1234,50 or 1 234,50"
            let why = decidedAt.map { " (decimal \(mark.rawValue) in this file, as \"\($0.text)\" at line \($0.line), column \($0.column) shows)" } ?? ""
            let problem = error == .empty
                ? "\(label): the amount is empty; expected an amount, \(expected)"
                : "\(label): \"\(cell.text)\" is not an amount: \(error.problem); expected \(expected)\(why)"
            throw InputError(file: file, location: .cell(line: cell.line, column: cell.column + (error.offset ?? 0)), problem: problem)
        }
    }
}

private extension String {
    var replacingComma: String { String(map { $0 == "," ? "." : $0 }) }
}
