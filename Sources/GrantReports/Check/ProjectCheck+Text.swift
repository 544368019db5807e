import GrantCore

extension ProjectCheck {
    /// The report as fixed-width text, ending in a newline.
    public func text(width: Int = 80) -> String {
        let project = grant.project
        let pack = grant.programme.rulePack
        var lines = [
            "GrantLedger check: project \(project.code) \(project.acronym)",
            "Folder:     \(folder)",
            "Programme:  \(grant.programme.name)",
            "Rule pack:  \(pack.id): programme funds at most \(pack.coFinancingCap), \(pack.fundRounding.phrase)",
            "Period:     \(project.start) to \(project.end), \(grant.reportingPeriods.count) reporting periods; currency \(project.currency)"
                + (project.approvalDate.map { "; approved \($0)" } ?? ""),
            "",
        ]
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
        let errors = errorCount
        text += "\nOverall: " + (errors == 0 ? "no errors.\n" : "\(errors) error\(errors == 1 ? "" : "s").\n")
        return text
    }

    /// The approved amounts per partner beside what the budget lines add up to. Amounts that
    /// cannot be added (an overflow, already reported as input) show as "overflow".
    private func approvedBudgetLines() -> [String] {
        let format = AmountFormat.en
        var lines = ["Approved budget " + String(repeating: " ", count: 20)
                     + ["Programme", "Contribution", "Total", "Budget lines"].map { TextLayout.right($0, 14) }.joined()]
        for approval in grant.approvals {
            let name = grant.partner(approval.partnerID).map { "\($0.id) \($0.name)" } ?? approval.partnerID
            let programme = (try? grant.programmeFunds(of: approval)).map(format.format) ?? "overflow"
            let all = try? Money.sum(approval.amounts.map(\.amount), currency: grant.project.currency)
            let contribution = all.flatMap { sum in (try? grant.programmeFunds(of: approval)).flatMap { try? sum.subtracting($0) } }
            let lineSum = try? Money.sum(grant.budgetLines.filter { $0.partnerID == approval.partnerID }.map(\.amount),
                                         currency: grant.project.currency)
            lines.append(TextLayout.left(name, 36) + [programme, contribution.map(format.format) ?? "overflow",
                                                       format.format(approval.total), lineSum.map(format.format) ?? "overflow"]
                .map { TextLayout.right($0, 14) }.joined())
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
            ("errors", .integer(Int64(errorCount))),
        ]).rendered()
    }
}
