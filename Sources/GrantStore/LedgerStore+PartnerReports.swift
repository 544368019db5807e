import GrantCore

extension LedgerStore {
    /// The project's partner reports, replayed from their entries (`PartnerReportBook`, as
    /// `verify` replays them).
    public func partnerReports(_ projectCode: String) throws(StoreError) -> PartnerReportBook {
        let grant = try grant(projectCode)
        let (partners, periods) = (Set(grant.partners.map(\.id)), Set(grant.reportingPeriods.map(\.number)))
        var book = PartnerReportBook()
        for entry in try entries("WHERE kind = 'partner-report' AND project = ?", [.text(projectCode)]) {
            guard case .partnerReport(let event) = entry.body else { continue }
            if let refusal = book.apply(event, sequence: entry.sequence, partners: partners, periods: periods) {
                throw .refused("entry \(entry.sequence): \(refusal); run 'grantledger verify'")
            }
        }
        return book
    }

    /// Opens the partner's next report, for `period`: a signed entry by the partner.
    public func openPartnerReport(projectCode: String, partnerID: String, period: Int, note: String,
                                  by authorship: Authorship) throws(StoreError) -> (LedgerEntry, PartnerReportBook.Report) {
        try takeReportStep(.open, projectCode: projectCode, partnerID: partnerID, number: nil, period: period, note: note,
                           by: authorship, before: nil)
    }

    /// Takes `step` (not opening, not starting a control) on report `number` of `partnerID`.
    public func takeReportStep(_ step: PartnerReportStep, projectCode: String, partnerID: String, number: Int, note: String,
                               by authorship: Authorship) throws(StoreError) -> (LedgerEntry, PartnerReportBook.Report) {
        precondition(![.open, .startControl, .certify].contains(step), "opening and the control's steps have their own functions")
        return try takeReportStep(step, projectCode: projectCode, partnerID: partnerID, number: number, period: nil, note: note,
                                  by: authorship, before: nil)
    }

    /// The one way a step is written: the book replayed inside the write transaction, the step
    /// refused as the book and the signer's role say, then `before` (which may refuse it, append
    /// the entries the step closes with, and gives the sample's terms of a control it starts),
    /// and the step appended and taken.
    func takeReportStep(_ step: PartnerReportStep, projectCode: String, partnerID: String, number: Int?, period: Int?, note: String,
                        by authorship: Authorship,
                        before: ((PartnerReportBook.Report, PartnerReportBook, ChainAppender) throws(StoreError) -> SamplingTerms?)?)
                        throws(StoreError) -> (LedgerEntry, PartnerReportBook.Report) {
        try appending(projectCode: projectCode, by: authorship, "\(step.sentence) a partner report") { (appender) throws(StoreError) in
            let grant = try grant(projectCode)
            guard grant.partner(partnerID) != nil else {
                throw .refused("\(projectCode) has no partner \(partnerID); its partners are "
                    + grant.partners.map(\.id).joined(separator: ", "))
            }
            var book = try partnerReports(projectCode)
            let number = number ?? book.nextNumber(partner: partnerID)
            let existing = book.report(partner: partnerID, number: number)
            let action = KeyAuthority.Action.partnerReport(step, partner: partnerID, from: existing?.state)
            try appender.permit(action)
            if let existing, let refusal = step.refusal(report: number, partner: partnerID, state: existing.state) {
                throw .refused(refusal)
            }
            let terms = try existing.flatMap { (report) throws(StoreError) in try before?(report, book, appender) }
            let event = PartnerReportEvent(partnerID: partnerID, number: number, periodNumber: period ?? existing?.periodNumber ?? 0,
                                           step: step, sampling: terms, note: note)
            let (partners, periods) = (Set(grant.partners.map(\.id)), Set(grant.reportingPeriods.map(\.number)))
            var trial = book
            if let refusal = trial.apply(event, sequence: 0, partners: partners, periods: periods) { throw .refused(refusal) }
            let entry = try appender.append(.partnerReport(event), action: action)
            _ = book.apply(event, sequence: entry.sequence, partners: partners, periods: periods)
            return (entry, book.report(partner: partnerID, number: number)!)
        }
    }

    /// Refuses an import with lines of a partner and period whose report's figures are frozen.
    func refuseFrozenReports(projectCode: String, cells: [(partner: String, period: Int)], file: String) throws(StoreError) {
        let book = try partnerReports(projectCode)
        for cell in cells {
            guard let report = book.report(partner: cell.partner, period: cell.period), !report.state.figuresOpen else { continue }
            throw .refused("\(file) has lines of \(cell.partner) in period \(cell.period), whose partner report \(report.number) is "
                + "\(report.state.phrase): its figures are frozen, so nothing was imported; a full reopening "
                + "(grantledger partner-report reopen \(cell.partner)/\(report.number) --full) lets them change")
        }
    }
}
