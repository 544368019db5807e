import GrantCore

/// Turns breaks, problems and diagnoses of a budget table into the sentences a finance officer
/// reads. One place, so text, JSON and later reports say the same thing.
struct BudgetTableWording {
    let table: BudgetTable
    let rulePack: RulePack
    let format: AmountFormat

    func amount(_ money: Money) -> String { format.format(money) }

    /// `line 3, Latgales plānošanas reģions` or `totals row, line 4`.
    func place(_ row: BudgetTableRowReference) -> String {
        switch row {
        case .partner(let index): "line \(table.rows[index].sourceLine), \(table.rows[index].partner)"
        case .totals: table.totals.map { "totals row, line \($0.sourceLine)" } ?? "project (sum of partner rows)"
        }
    }

    func line(_ row: BudgetTableRowReference) -> Int? {
        switch row {
        case .partner(let index): table.rows[index].sourceLine
        case .totals: table.totals?.sourceLine
        }
    }

    func finding(_ problem: BudgetTableProblem) -> Finding {
        let (location, message): (String, String) = switch problem {
        case .noLeadPartner:
            ("all rows", "no row is marked as the lead partner; a project has exactly one lead partner")
        case .severalLeadPartners(let lines):
            ("lines \(lines.map(String.init).joined(separator: ", "))",
             "\(lines.count) rows are marked as the lead partner; a project has exactly one")
        case .duplicatePartner(let name, let lines):
            ("lines \(lines.map(String.init).joined(separator: ", "))",
             "the partner \"\(name)\" appears on \(lines.count) rows; each partner has one row")
        }
        return Finding(ruleID: problem.rule.rawValue, severity: .error, location: location, line: nil, partner: nil,
                       message: message, expected: nil, found: nil, difference: nil, citation: nil)
    }

    func finding(_ fault: BudgetBreak) -> Finding {
        let row: BudgetTableRowReference? = switch fault.kind {
        case .rowSum(let index): .partner(index)
        case .capExceeded(let reference): reference
        case .totalsRowSum: .totals
        case .columnSum: nil
        }
        let partner: String? = if case .partner(let index)? = row { table.rows[index].partner } else { nil }
        let location: String = switch fault.kind {
        case .columnSum(let column): "\(column.label) column" + (table.totals.map { ", totals row line \($0.sourceLine)" } ?? "")
        default: place(row!)
        }
        return Finding(ruleID: fault.kind.rule.rawValue, severity: .error, location: location,
                       line: row.flatMap(line) ?? table.totals?.sourceLine, partner: partner, message: message(fault),
                       expected: fault.expected, found: fault.found, difference: fault.difference,
                       citation: fault.kind.rule == .approvedAboveCap ? rulePack.coFinancingCapCitation : nil)
    }

    private func message(_ fault: BudgetBreak) -> String {
        let difference = "difference \(signed(fault.difference))"
        switch fault.kind {
        case .rowSum(let index):
            let row = table.rows[index]
            return "programme funds \(amount(row.programmeFunds)) + national co-financing \(amount(row.nationalCofinancing)) = \(amount(fault.expected)), but the row's total states \(amount(fault.found)) (\(difference))"
        case .columnSum(let column):
            return "the partner rows' \(column.label) column adds up to \(amount(fault.expected)), but the totals row states \(amount(fault.found)) (\(difference))"
        case .totalsRowSum:
            return "the stated programme funds and national co-financing add up to \(amount(fault.expected)), but the stated total is \(amount(fault.found)) (\(difference))"
        case .capExceeded(let reference):
            let total: Money
            let whose: String
            switch reference {
            case .partner(let index):
                total = table.rows[index].total
                whose = "the row's total"
            case .totals:
                total = table.totals?.total ?? fault.expected
                whose = table.totals?.total == nil ? "the project total (sum of partner rows)" : "the stated project total"
            }
            return "programme funds \(amount(fault.found)) are more than \(rulePack.coFinancingCap) of \(whose) \(amount(total)), which is \(amount(fault.expected)) \(rulePack.fundRounding.phrase); the excess is \(amount(fault.difference))"
        }
    }

    /// A difference with its sign always shown: `+0.01`, `-0.01`.
    func signed(_ money: Money) -> String { format.signed(money) }

    /// Names a break briefly, for a diagnosis: `the row sum of line 3`.
    func shortName(_ kind: BudgetBreakKind) -> String {
        switch kind {
        case .rowSum(let index): "the row sum of line \(table.rows[index].sourceLine)"
        case .columnSum(let column): "the \(column.label) column sum"
        case .totalsRowSum: "the totals row sum"
        case .capExceeded(.partner(let index)): "the \(rulePack.coFinancingCap) cap of line \(table.rows[index].sourceLine)"
        case .capExceeded(.totals): "the project's \(rulePack.coFinancingCap) cap"
        }
    }
}
