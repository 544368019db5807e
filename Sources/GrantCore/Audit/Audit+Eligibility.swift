extension Audit {
    /// Costs invoiced or paid outside the project period, unpaid costs, and costs paid after the
    /// day they were declared.
    func eligibilityFindings() -> [AuditFinding] {
        let rule = pack.eligibility
        var found: [AuditFinding] = []
        let project = grant.project
        for line in liveExpenditure {
            let expenditure = line.line
            let amounts = try? AuditAmounts(expected: .zero(.euro), found: expenditure.declaredEuros)
            if rule.withinProjectPeriod {
                for (date, which) in [(expenditure.invoiceDate, "invoiced"), (expenditure.paymentDate, "paid")] {
                    guard let date, date < project.start || date > project.end else { continue }
                    found.append(AuditFinding(rule: .outsideProjectPeriod, severity: .error, place: place(line), amounts: amounts,
                                              detail: .outsideProjectPeriod(date: date, which: which, start: project.start, end: project.end),
                                              citation: rule.citation))
                }
            }
            guard rule.paidBeforeClaim else { continue }
            guard let payment = expenditure.paymentDate else {
                found.append(AuditFinding(rule: .unpaid, severity: .error, place: place(line), amounts: amounts, detail: .none,
                                          citation: rule.citation))
                continue
            }
            if let declared = declarationDate(line), payment > declared {
                found.append(AuditFinding(rule: .paidAfterDeclaration, severity: .error, place: place(line), amounts: amounts,
                                          detail: .paidAfterDeclaration(payment: payment, declared: declared), citation: rule.citation))
            }
        }
        return found
    }

    /// The day a line was claimed: its import's submission date, else the day it was recorded.
    func declarationDate(_ line: LedgerLine) -> CalendarDate? {
        if case .expenditure(_, let batch, _) = line.entry.body, let submitted = batches[batch]?.submittedOn { return submitted }
        return CalendarDate(text: String(line.entry.recordedAt.prefix(10)))
    }
}
