import GrantCore

extension BudgetTableCheck {
    /// The report as fixed-width text, at most `width` columns wide, ending in a newline.
    public func text(width: Int = 80) -> String {
        var lines = header()
        lines += [""] + tableLines()
        lines += [""] + findingLines(width: width)
        lines += diagnosisLines(width: width)
        lines += ["", resultLine]
        return lines.joined(separator: "\n") + "\n"
    }

    private var wording: BudgetTableWording {
        BudgetTableWording(table: reconciliation.table, rulePack: reconciliation.rulePack, format: .en)
    }

    private func header() -> [String] {
        let table = reconciliation.table
        let pack = reconciliation.rulePack
        let delimiter = source.delimiter == ";" ? "semicolon-separated" : "comma-separated"
        let totals = table.totals.map { "totals row on line \($0.sourceLine)" } ?? "no totals row"
        return [
            "GrantLedger check: budget table",
            "File:       \(source.file)",
            "Read as:    \(delimiter), decimal \(source.decimalMark.rawValue), \(table.currency)",
            "            \(table.rows.count) partner rows, \(totals)",
            "Rule pack:  \(pack.id), \(pack.name)",
            "            programme funds at most \(pack.coFinancingCap) of a total, \(pack.fundRounding.phrase)",
        ]
    }

    /// The rows as read, with the partner rows' sums under the stated totals. Long partner names
    /// wrap onto continuation lines so the table stays within 80 columns and no name is cut.
    private func tableLines() -> [String] {
        let table = reconciliation.table
        func row(_ line: String, _ status: String, _ name: String, _ amounts: [Money?]) -> [String] {
            TextLayout.row(lead: TextLayout.right(line, 4) + "  " + TextLayout.left(status, 9), name: name, nameWidth: 22,
                           amounts: amounts.map { $0.map(wording.amount) ?? "-" }, amountWidth: 14)
        }
        var lines = TextLayout.row(lead: TextLayout.right("Line", 4) + "  " + TextLayout.left("Status", 9), name: "Partner",
                                   nameWidth: 22, amounts: ["Programme", "Co-financing", "Total"], amountWidth: 14)
        for partner in table.rows {
            lines += row(String(partner.sourceLine), partner.role.rawValue, partner.partner,
                         [partner.programmeFunds, partner.nationalCofinancing, partner.total])
        }
        if let totals = table.totals {
            lines += row(String(totals.sourceLine), "stated", "Project total", BudgetColumn.allCases.map { totals[$0] })
        }
        lines += row("", "sum", "Partner rows added up", BudgetColumn.allCases.map { computedTotals[$0] })
        return lines
    }

    private func findingLines(width: Int) -> [String] {
        guard !findings.isEmpty else { return ["Findings: none. Every row, column and share reconciles to the cent."] }
        var lines = ["Findings: \(findings.count) error\(findings.count == 1 ? "" : "s")"]
        for finding in findings {
            lines.append("  \(finding.severity.rawValue.uppercased()) \(finding.ruleID): \(finding.location)")
            var detail = finding.message
            if let citation = finding.citation { detail += " [\(citation)]" }
            lines += TextLayout.wrapped(detail, width: width, indent: "    ")
        }
        return lines
    }

    private func diagnosisLines(width: Int) -> [String] {
        var lines: [String] = []
        for diagnosis in reconciliation.diagnoses {
            let explained = diagnosis.explains.map(wording.shortName)
            let list = explained.count == 1 ? explained[0]
                : explained.dropLast().joined(separator: ", ") + " and " + explained.last!
            lines.append("")
            if diagnosis.isUnique {
                lines += TextLayout.wrapped("Cell most likely at fault: \(cellName(diagnosis.cell))", width: width, indent: "", hanging: "  ")
                let sentence = "It states \(wording.amount(diagnosis.found)); \(wording.amount(diagnosis.reconcilingValue)) there would reconcile \(list), and no other single cell would."
                lines += TextLayout.wrapped(sentence, width: width, indent: "  ")
            } else {
                lines += TextLayout.wrapped("One of these cells is wrong, and the table alone cannot tell which; each would reconcile \(list):", width: width, indent: "")
                let options = [CellCorrection(cell: diagnosis.cell, value: diagnosis.reconcilingValue)] + diagnosis.alternatives
                for option in options {
                    let change = "\(cellName(option.cell)): \(wording.amount(reconciliation.table[option.cell]!)) -> \(wording.amount(option.value))"
                    lines += TextLayout.wrapped(change, width: width, indent: "  ", hanging: "      ")
                }
            }
        }
        return lines
    }

    /// `line 3, column 5 (programme funds), Latgales plānošanas reģions`.
    func cellName(_ cell: BudgetTableCell) -> String {
        let table = reconciliation.table
        let line: Int? = switch cell.row {
        case .partner(let index): table.rows[index].sourceLine
        case .totals: table.totals?.sourceLine
        }
        let column = source.columnNumbers[cell.column].map { "column \($0) " } ?? ""
        let owner: String = switch cell.row {
        case .partner(let index): ", " + table.rows[index].partner
        case .totals: ", stated project total"
        }
        return "line \(line.map(String.init) ?? "?"), \(column)(\(cell.column.label))\(owner)"
    }

    private var resultLine: String {
        let errors = count(.error)
        return errors == 0 ? "Result: the table reconciles." : "Result: \(errors) error\(errors == 1 ? "" : "s"); the table does not reconcile."
    }
}
