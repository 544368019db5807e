import GrantCore

/// The report's data for other programs: amounts as strings with a decimal point and every
/// decimal, percentages as strings, rows with their kind.
public struct JSONRenderer: Sendable {
    public init() {}

    public func render(_ document: ReportDocument) -> String {
        JSONValue.object([
            ("report", .string(document.id)),
            ("title", .string(document.title)),
            ("locale", .string(document.locale.rawValue)),
            ("facts", .array(document.facts.map { .object([("label", .string($0.label)), ("value", .string($0.value))]) })),
            ("sections", .array(document.sections.map { section in
                .object([
                    ("title", .optional(section.title)),
                    ("columns", .array(section.table.columns.map { .object([("key", .string($0.key)), ("label", .string($0.label))]) })),
                    ("rows", .array(section.table.rows.map { row in
                        .object([("kind", .string(row.kind.rawValue))] + zip(section.table.columns, row.cells).map { ($0.key, value($1)) })
                    })),
                    ("notes", .array(section.notes.map(JSONValue.string))),
                ])
            })),
        ]).rendered()
    }

    private func value(_ cell: ReportCell) -> JSONValue {
        switch cell {
        case .text(let text): .string(text)
        case .amount(let money): .string(AmountFormat.plain.format(money))
        case .percent(let hundredths): hundredths.map { .string(String(ReportLocale.en.percent($0).dropLast())) } ?? .null
        case .number(let number): .integer(number)
        case .rate(let rate): .string(rate.description)
        case .empty: .null
        }
    }
}
