import GrantCore

/// CSV per RFC 4180, UTF-8: one block per table, its title on a line of its own. Amounts are
/// numbers with a decimal point; for a spreadsheet in a Latvian locale (`excel`), a byte-order
/// mark, semicolons and a decimal comma, so numbers open as numbers. A text cell a spreadsheet
/// would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return) is
/// neutralised with a leading apostrophe.
public struct CSVRenderer: Sendable {
    public let excel: Bool

    public init(excel: Bool = false) { self.excel = excel }

    public func render(_ document: ReportDocument) -> String {
        var writer = CSVWriter(separator: excel ? ";" : ",")
        writer.row([document.title])
        for fact in document.facts { writer.row([fact.label, fact.value]) }
        for section in document.sections {
            writer.row([CSVWriter.Field]())
            if let title = section.title { writer.row([title]) }
            writer.row(section.table.columns.map(\.label))
            for tableRow in section.table.rows { writer.row(tableRow.cells.map(value)) }
        }
        return (excel ? "\u{FEFF}" : "") + writer.text
    }

    private func value(_ cell: ReportCell) -> CSVWriter.Field {
        switch cell {
        case .text(let text): return .text(text)
        case .amount(let money):
            let plain = AmountFormat.plain.format(money)
            return .number(excel ? plain.replacingPoint : plain)
        case .percent(let hundredths):
            guard let hundredths else { return .number("") }
            let text = ReportLocale.en.percent(hundredths).dropLast()  // A number, without the sign.
            return .number(excel ? String(text).replacingPoint : String(text))
        case .number(let number): return .number(String(number))
        case .rate(let rate): return .number(excel ? rate.description.replacingPoint : rate.description)
        case .empty: return .number("")
        }
    }
}

private extension String {
    var replacingPoint: String { replacingOccurrences(".", ",") }
}
