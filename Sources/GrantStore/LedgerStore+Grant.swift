import GrantCore

extension LedgerStore {
    /// The project `code` as stored, rebuilt into the core's grant model.
    public func grant(_ code: String) throws(StoreError) -> Grant {
        let project = try database.prepare(
            "SELECT acronym, title, programme, rule_pack, start_date, end_date, currency, approval_date FROM projects WHERE code = ?")
        try project.bind([.text(code)])
        guard try project.step() else {
            let known = try projectCodes()
            throw .refused("no project \(code) in the ledger; " + (known.isEmpty ? "load one with 'grantledger load FOLDER'" : "the ledger holds \(known.joined(separator: ", "))"))
        }
        let packID = project.text(3) ?? ""
        guard let pack = RulePack.builtIn(id: packID) else { throw .refused("project \(code) names an unknown rule pack \"\(packID)\"") }
        guard let start = CalendarDate(text: project.text(4) ?? ""), let end = CalendarDate(text: project.text(5) ?? ""),
              let currency = Currency(code: project.text(6) ?? ""), start <= end else {
            throw .refused("project \(code) has malformed dates or currency in the database; run 'grantledger verify'")
        }
        let definition = Project(code: code, acronym: project.text(0) ?? "", title: project.text(1) ?? "", start: start, end: end,
                                 currency: currency, approvalDate: project.text(7).flatMap(CalendarDate.init(text:)))
        let choices = try flatRateChoices(code)
        guard case .success(let chosen) = pack.choosing(choices) else {
            throw .refused("project \(code) stores flat-rate choices its rule pack \(packID) does not allow; run 'grantledger verify'")
        }
        return Grant(programme: Programme(name: project.text(2) ?? "", rulePack: chosen), project: definition,
                     partners: try partners(code), fundingSources: try fundingSources(code), costCategories: try categories(code),
                     reportingPeriods: try periods(code), approvals: try approvals(code, currency: currency),
                     budgetLines: try budgetLines(code, currency: currency), flatRateChoices: choices)
    }

    private func flatRateChoices(_ code: String) throws(StoreError) -> [FlatRateChoice] {
        var choices: [FlatRateChoice] = []
        try rows("SELECT option, rate FROM project_flat_rates WHERE project = ? ORDER BY position", code) { row throws(StoreError) in
            guard let option = row.text(0), row.integer(1) > 0 else {
                throw .refused("project \(code) has a malformed flat-rate choice in the database; run 'grantledger verify'")
            }
            choices.append(FlatRateChoice(optionID: option, rate: Rate(hundredMillionths: row.integer(1))))
        }
        return choices
    }

    private func rows(_ sql: String, _ code: String, _ read: (any Statement) throws(StoreError) -> Void) throws(StoreError) {
        let statement = try database.prepare(sql)
        try statement.bind([.text(code)])
        while try statement.step() { try read(statement) }
    }

    private func partners(_ code: String) throws(StoreError) -> [Partner] {
        var partners: [Partner] = []
        try rows("SELECT id, role, name, country, region, vat_recoverable FROM partners WHERE project = ? ORDER BY position", code) { row throws(StoreError) in
            partners.append(Partner(id: row.text(0) ?? "", role: PartnerRole(rawValue: row.text(1) ?? "") ?? .partner,
                                    name: row.text(2) ?? "", country: row.text(3) ?? "", region: row.text(4),
                                    vatRecoverable: row.integer(5) != 0))
        }
        return partners
    }

    private func fundingSources(_ code: String) throws(StoreError) -> [FundingSource] {
        var sources: [FundingSource] = []
        try rows("SELECT id, kind, detail FROM funding_sources WHERE project = ? ORDER BY position", code) { row throws(StoreError) in
            let detail = row.text(2) ?? ""
            let kind: FundingSourceKind = row.text(1) == "programme-funds"
                ? .programmeFunds(fund: detail) : .partnerContribution(ContributionType(rawValue: detail) ?? .public)
            sources.append(FundingSource(id: row.text(0) ?? "", kind: kind))
        }
        return sources
    }

    private func categories(_ code: String) throws(StoreError) -> [CostCategory] {
        var categories: [CostCategory] = []
        try rows("SELECT id, name FROM cost_categories WHERE project = ? ORDER BY position", code) { row throws(StoreError) in
            categories.append(CostCategory(id: row.text(0) ?? "", name: row.text(1) ?? ""))
        }
        return categories
    }

    private func periods(_ code: String) throws(StoreError) -> [ReportingPeriod] {
        var periods: [ReportingPeriod] = []
        try rows("SELECT number, start_date, end_date FROM reporting_periods WHERE project = ? ORDER BY number", code) { row throws(StoreError) in
            guard let start = CalendarDate(text: row.text(1) ?? ""), let end = CalendarDate(text: row.text(2) ?? ""), start <= end,
                  row.integer(0) >= 1 else {
                throw .refused("reporting period \(row.integer(0)) of \(code) is malformed in the database; run 'grantledger verify'")
            }
            periods.append(ReportingPeriod(number: Int(row.integer(0)), start: start, end: end))
        }
        return periods
    }

    private func approvals(_ code: String, currency: Currency) throws(StoreError) -> [PartnerApproval] {
        var amounts: [String: [SourceAmount]] = [:]
        try rows("SELECT partner, source, amount_minor FROM partner_approvals WHERE project = ? ORDER BY partner, position", code) { row throws(StoreError) in
            amounts[row.text(0) ?? "", default: []].append(SourceAmount(sourceID: row.text(1) ?? "", amount: try money(row.integer(2), currency)))
        }
        var approvals: [PartnerApproval] = []
        try rows("SELECT id, approved_total_minor FROM partners WHERE project = ? ORDER BY position", code) { row throws(StoreError) in
            let id = row.text(0) ?? ""
            approvals.append(PartnerApproval(partnerID: id, amounts: amounts[id] ?? [], total: try money(row.integer(1), currency)))
        }
        return approvals
    }

    private func budgetLines(_ code: String, currency: Currency) throws(StoreError) -> [BudgetLine] {
        var lines: [BudgetLine] = []
        try rows("SELECT partner, category, period, source, amount_minor FROM budget_lines WHERE project = ? ORDER BY position", code) { row throws(StoreError) in
            lines.append(BudgetLine(partnerID: row.text(0) ?? "", categoryID: row.text(1) ?? "", periodNumber: Int(row.integer(2)),
                                    sourceID: row.text(3) ?? "", amount: try money(row.integer(4), currency)))
        }
        return lines
    }

    private func money(_ minorUnits: Int64, _ currency: Currency) throws(StoreError) -> Money {
        do {
            return try Money(minorUnits: minorUnits, currency: currency)
        } catch {
            throw .refused("an amount in the database is out of range; run 'grantledger verify'")
        }
    }
}
