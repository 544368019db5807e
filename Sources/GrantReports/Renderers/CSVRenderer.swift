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
        let separator = excel ? ";" : ","
        var lines: [String] = []
        func row(_ fields: [String]) { lines.append(fields.map { escaped($0, separator: separator) }.joined(separator: separator)) }
        row([document.title])
        for fact in document.facts { row([fact.label, fact.value]) }
        for section in document.sections {
            lines.append("")
            if let title = section.title { row([title]) }
            row(section.table.columns.map(\.label))
            for tableRow in section.table.rows { row(tableRow.cells.map(value)) }
        }
        return (excel ? "\u{FEFF}" : "") + lines.map { $0 + "\r\n" }.joined()
    }

    private func value(_ cell: ReportCell) -> String {
        switch cell {
        case .text(let text): return neutralised(text)
        case .amount(let money):
            let plain = AmountFormat.plain.format(money)
            return excel ? plain.replacingPoint : plain
        case .percent(let hundredths):
            guard let hundredths else { return "" }
            let text = ReportLocale.en.percent(hundredths).dropLast()  // A number, without the sign.
            return excel ? String(text).replacingPoint : String(text)
        case .number(let number): return String(number)
        case .rate(let rate): return excel ? rate.description.replacingPoint : rate.description
        case .empty: return ""
        }
    }

    /// Text a spreadsheet would evaluate, made inert.
    func neutralised(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, ["=", "+", "-", "@", "\t", "\r"].contains(first) else { return text }
        return "'" + text
    }

    private func escaped(_ field: String, separator: String) -> String {
        guard field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r") else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}

private extension String {
    var replacingPoint: String { replacingOccurrences(".", ",") }
}
