extension Audit {
    /// `eligibility.project-period`: a cost invoiced or paid outside the project period, one
    /// finding for the line whichever of its dates fall outside; `eligibility.unpaid`: declared
    /// without a payment date; `eligibility.paid-after-claim`: paid after the day it was declared.
    func eligibilityVerdicts(_ line: LedgerLine) -> [LineVerdict] {
        let rule = pack.eligibility
        let expenditure = line.line
        let project = grant.project
        var verdicts: [LineVerdict] = []
        if rule.withinProjectPeriod {
            let outside = [(expenditure.invoiceDate, "invoiced"), (expenditure.paymentDate, "paid")].compactMap { date, which in
                date.flatMap { $0 < project.start || $0 > project.end ? DatedEvent(which: which, date: $0) : nil }
            }
            if !outside.isEmpty {
                verdicts.append(LineVerdict(rule: .outsideProjectPeriod, detail: .outsideProjectPeriod(dates: outside, start: project.start,
                                                                                                    end: project.end),
                                            citation: rule.citation, ineligible: .all))
            }
        }
        guard rule.paidBeforeClaim else { return verdicts }
        guard let payment = expenditure.paymentDate else {
            return verdicts + [LineVerdict(rule: .unpaid, detail: .none, citation: rule.citation, ineligible: .all)]
        }
        if let declared = declarationDate(line), payment > declared {
            verdicts.append(LineVerdict(rule: .paidAfterDeclaration, detail: .paidAfterDeclaration(payment: payment, declared: declared),
                                        citation: rule.citation, ineligible: .all))
        }
        return verdicts
    }

    /// The day a line was claimed: its import's submission date, else the day it was recorded.
    func declarationDate(_ line: LedgerLine) -> CalendarDate? {
        if case .expenditure(_, let batch, _) = line.entry.body, let submitted = batches[batch]?.submittedOn { return submitted }
        return CalendarDate(text: String(line.entry.recordedAt.prefix(10)))
    }
}
