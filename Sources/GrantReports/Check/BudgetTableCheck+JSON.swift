import GrantCore

extension BudgetTableCheck {
    /// The report's data as JSON. Amounts are strings with a decimal point and every decimal
    /// (`"110174.91"`), so no reader turns them into binary fractions.
    public func json() -> String { jsonValue().rendered() }

    func jsonValue() -> JSONValue {
        let table = reconciliation.table
        let pack = reconciliation.rulePack
        return .object([
            ("report", .string("budget-table-check")),
            ("file", .string(source.file)),
            ("currency", .string(table.currency.code)),
            ("delimiter", .string(String(source.delimiter))),
            ("decimalMark", .string(source.decimalMark.rawValue)),
            ("rulePack", .object([
                ("id", .string(pack.id)),
                ("coFinancingCapPercent", .string(pack.coFinancingCap.percentText)),
                ("fundRounding", .string(pack.fundRounding.rawValue)),
            ])),
            ("partners", .array(table.rows.map(partnerJSON))),
            ("totals", table.totals.map(totalsJSON) ?? .null),
            ("computedTotals", .object(BudgetColumn.allCases.map { ($0.jsonKey, Self.amountJSON(computedTotals[$0])) })),
            ("findings", .array(findings.map(Self.findingJSON))),
            ("diagnoses", .array(reconciliation.diagnoses.map(diagnosisJSON))),
            ("errors", .integer(Int64(count(.error)))),
            ("reconciles", .bool(isClean)),
        ])
    }

    private func partnerJSON(_ row: BudgetTableRow) -> JSONValue {
        .object([
            ("line", .integer(Int64(row.sourceLine))),
            ("status", .string(row.role.rawValue)),
            ("partner", .string(row.partner)),
            ("country", .string(row.country)),
            ("region", .optional(row.region)),
        ] + BudgetColumn.allCases.map { ($0.jsonKey, Self.amountJSON(row[$0])) })
    }

    private func totalsJSON(_ totals: BudgetTableTotals) -> JSONValue {
        .object([("line", .integer(Int64(totals.sourceLine)))] + BudgetColumn.allCases.map { ($0.jsonKey, Self.amountJSON(totals[$0])) })
    }

    private func diagnosisJSON(_ diagnosis: CellDiagnosis) -> JSONValue {
        let wording = BudgetTableWording(table: reconciliation.table, rulePack: reconciliation.rulePack, format: .plain)
        return .object([
            ("cell", cellJSON(diagnosis.cell)),
            ("found", Self.amountJSON(diagnosis.found)),
            ("reconcilingValue", Self.amountJSON(diagnosis.reconcilingValue)),
            ("explains", .array(diagnosis.explains.map { .string(wording.shortName($0)) })),
            ("unique", .bool(diagnosis.isUnique)),
            ("alternatives", .array(diagnosis.alternatives.map { correction in
                .object([("cell", cellJSON(correction.cell)), ("reconcilingValue", Self.amountJSON(correction.value))])
            })),
        ])
    }

    private func cellJSON(_ cell: BudgetTableCell) -> JSONValue {
        let table = reconciliation.table
        let (line, partner): (Int?, String?) = switch cell.row {
        case .partner(let index): (table.rows[index].sourceLine, table.rows[index].partner)
        case .totals: (table.totals?.sourceLine, nil)
        }
        return .object([
            ("line", line.map { .integer(Int64($0)) } ?? .null),
            ("column", source.columnNumbers[cell.column].map { .integer(Int64($0)) } ?? .null),
            ("field", .string(cell.column.rawValue)),
            ("partner", .optional(partner)),
        ])
    }

    static func findingJSON(_ finding: Finding) -> JSONValue {
        .object([
            ("severity", .string(finding.severity.rawValue)),
            ("rule", .string(finding.ruleID)),
            ("location", .string(finding.location)),
            ("line", finding.line.map { .integer(Int64($0)) } ?? .null),
            ("partner", .optional(finding.partner)),
            ("message", .string(finding.message)),
            ("expected", amountJSON(finding.expected)),
            ("found", amountJSON(finding.found)),
            ("difference", amountJSON(finding.difference)),
            ("citation", .optional(finding.citation)),
        ])
    }

    static func amountJSON(_ money: Money?) -> JSONValue {
        money.map { .string(AmountFormat.plain.format($0)) } ?? .null
    }
}

extension BudgetColumn {
    /// The column's key in JSON output.
    var jsonKey: String {
        switch self {
        case .programmeFunds: "programmeFunds"
        case .nationalCofinancing: "nationalCofinancing"
        case .total: "total"
        }
    }
}
