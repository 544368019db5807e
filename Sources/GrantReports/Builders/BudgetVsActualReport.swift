import GrantCore

/// Budget vs actual: partner × cost category × period, with budget, declared, certified,
/// remaining and percentage used; a subtotal per partner and the project total, each computed
/// from the rows shown.
public enum BudgetVsActualReport {
    public static func build(_ input: ReportInput) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "category", label: locale.label("Category"), isNumeric: false, minimumWidth: 9),
            ReportColumn(key: "period", label: locale.label("Period"), isNumeric: true),
            ReportColumn(key: "budget", label: locale.label("Budget"), isNumeric: true),
            ReportColumn(key: "declared", label: locale.label("Declared"), isNumeric: true),
            ReportColumn(key: "certified", label: locale.label("Certified"), isNumeric: true),
            ReportColumn(key: "remaining", label: locale.label("Remaining"), isNumeric: true),
            ReportColumn(key: "used", label: locale.label("Used"), isNumeric: true),
        ]
        var rows: [ReportRow] = []
        var projectFigures = Figures()
        var chartGroups: [(label: String, values: [Money])] = []
        let spend = try input.spend()
        for partner in input.grant.partners {
            var partnerFigures = Figures()
            for category in input.grant.costCategories {
                for period in input.grant.reportingPeriods {
                    let budget = try Money.sum(input.grant.budgetLines.filter {
                        $0.partnerID == partner.id && $0.categoryID == category.id && $0.periodNumber == period.number
                    }.map(\.amount), currency: .euro)
                    let cell = spend.cell(.init(partnerID: partner.id, categoryID: category.id, periodNumber: period.number))
                    let figures = Figures(budget: budget, declared: cell.declared, certified: cell.certified)
                    guard !figures.isEmpty else { continue }
                    rows.append(try figures.row(partner: partner.id, category: category.id, period: String(period.number), kind: .line))
                    partnerFigures = try partnerFigures.adding(figures)
                }
            }
            // The subtotal row names the partner in full, as the subsidy contract spells it.
            rows.append(try partnerFigures.row(partner: "\(partner.id) \(partner.name)", category: locale.label("Subtotal"), period: "", kind: .subtotal))
            projectFigures = try projectFigures.adding(partnerFigures)
            chartGroups.append((partner.id, [partnerFigures.budget, partnerFigures.declared]))
        }
        rows.append(try projectFigures.row(partner: locale.label("Total"), category: "", period: "", kind: .total))
        return ReportDocument(
            id: "budget-vs-actual", title: locale.label("Budget vs actual"), facts: input.facts,
            sections: [ReportSection(title: nil, table: ReportTable(columns: columns, rows: rows))],
            charts: [
                ReportChart(title: locale.label("Budget and declared per partner"), series: [locale.label("Budget"), locale.label("Declared")],
                            groups: chartGroups),
                ReportChart(title: locale.label("Budget and declared per category"), series: [locale.label("Budget"), locale.label("Declared")],
                            groups: try input.grant.costCategories.map { (category) throws(MoneyError) in
                                (category.id, [try Money.sum(input.grant.budgetLines.filter { $0.categoryID == category.id }.map(\.amount), currency: .euro),
                                               try spend.sums(categoryID: category.id).declared])
                            }),
                ReportChart(title: locale.label("Declared per period"), series: [locale.label("Declared")],
                            groups: try input.grant.reportingPeriods.map { (period) throws(MoneyError) in
                                (String(period.number), [try spend.sums(periodNumber: period.number).declared])
                            }),
            ],
            locale: locale)
    }

    /// Budget, declared and certified of one row or of a sum of rows.
    struct Figures {
        var budget = Money.zero(.euro)
        var declared = Money.zero(.euro)
        var certified = Money.zero(.euro)

        var isEmpty: Bool { budget.isZero && declared.isZero && certified.isZero }

        func adding(_ other: Figures) throws(MoneyError) -> Figures {
            Figures(budget: try budget.adding(other.budget), declared: try declared.adding(other.declared),
                    certified: try certified.adding(other.certified))
        }

        func row(partner: String, category: String, period: String, kind: ReportRow.Kind) throws(MoneyError) -> ReportRow {
            ReportRow([.text(partner), .text(category), .text(period), .amount(budget), .amount(declared), .amount(certified),
                       .amount(try budget.subtracting(declared)), .percent(ReportInput.percent(declared, of: budget))], kind: kind)
        }
    }
}
