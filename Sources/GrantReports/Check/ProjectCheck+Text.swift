import GrantCore

extension ProjectCheck {
    /// The report as fixed-width text, ending in a newline.
    public func text(width: Int = 80) -> String {
        let project = grant.project
        let pack = grant.programme.rulePack
        var lines: [String] = []
        for line in [
            "GrantLedger check: project \(project.code) \(project.acronym)",
            "Folder:     \(folder)",
            "Programme:  \(grant.programme.name)",
            "Rule pack:  \(pack.id): programme funds at most \(pack.coFinancingCap), \(pack.fundRounding.phrase)",
            "Period:     \(project.start) to \(project.end), \(grant.reportingPeriods.count) reporting periods, \(project.currency)"
                + (project.approvalDate.map { ", approved \($0)" } ?? ""),
        ] { lines += TextLayout.wrapped(line, width: width, indent: "", hanging: "            ") }
        lines.append("")
        lines += approvedBudgetLines()
        lines.append("")
        if findings.isEmpty {
            lines.append("Findings: none. Sources, totals, budget lines and the cap agree to the cent.")
        } else {
            lines.append("Findings: \(findings.count) error\(findings.count == 1 ? "" : "s")")
            for finding in findings {
                lines.append("  \(finding.severity.rawValue.uppercased()) \(finding.ruleID): \(finding.location)")
                lines += TextLayout.wrapped(finding.message + (finding.citation.map { " [\($0)]" } ?? ""), width: width, indent: "    ")
            }
        }
        var text = lines.joined(separator: "\n") + "\n"
        for table in tableChecks { text += "\n" + table.text(width: width) }
        if let audit { text += "\n" + audit.text(width: width) }
        let errors = errorCount
        text += "\nOverall: " + (errors == 0 ? "no errors.\n" : "\(errors) error\(errors == 1 ? "" : "s").\n")
        return text
    }

    /// The approved amounts per partner beside what the budget lines add up to. Amounts that
    /// cannot be added (an overflow, reported among the findings' causes) show as "overflow".
    private func approvedBudgetLines() -> [String] {
        let format = AmountFormat.en
        let currency = grant.project.currency
        var lines = TextLayout.row(lead: "", name: "Approved budget", nameWidth: 24,
                                   amounts: ["Programme", "Contribution", "Total", "Budget lines"], amountWidth: 14)
        for approval in grant.approvals {
            let name = grant.partner(approval.partnerID).map { "\($0.id) \($0.name)" } ?? approval.partnerID
            let programme = try? grant.programmeFunds(of: approval)
            let sources = try? Money.sum(approval.amounts.map(\.amount), currency: currency)
            let contribution = sources.flatMap { sum in programme.flatMap { try? sum.subtracting($0) } }
            let lineSum = try? Money.sum(grant.budgetLines.filter { $0.partnerID == approval.partnerID }.map(\.amount), currency: currency)
            let amounts = [programme, contribution, approval.total, lineSum].map { $0.map(format.format) ?? "overflow" }
            lines += TextLayout.row(lead: "  ", name: name, nameWidth: 22, amounts: amounts, amountWidth: 14)
        }
        return lines
    }
}

extension ProjectCheck {
    /// The report's data as JSON.
    public func json() -> String {
        let project = grant.project
        return JSONValue.object([
            ("report", .string("project-check")),
            ("folder", .string(folder)),
            ("project", .object([
                ("code", .string(project.code)),
                ("acronym", .string(project.acronym)),
                ("start", .string(project.start.description)),
                ("end", .string(project.end.description)),
                ("currency", .string(project.currency.code)),
            ])),
            ("rulePack", .string(grant.programme.rulePack.id)),
            ("findings", .array(findings.map(BudgetTableCheck.findingJSON))),
            ("budgetTables", .array(tableChecks.map { $0.jsonValue() })),
            ("ledgerCheck", audit?.jsonValue() ?? .null),
            ("errors", .integer(Int64(errorCount))),
        ]).rendered()
    }
}
