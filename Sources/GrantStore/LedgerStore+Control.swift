import GrantCore
import GrantKeys

extension LedgerStore {
    /// Records a controller's verdict on expenditure entry `sequence`: `certified` euros (the
    /// whole declared amount when nil), with a reason from the pack's typology when less; or,
    /// `parked`, neither certified nor deducted now. A line of a partner report is controlled
    /// while that report is in control (and only there parked); its flat rates are recomputed
    /// when the report is certified. For a flat-rate line outside a report, when no amount is
    /// given, the certified amount is the flat rate on the certified base of the same partner and
    /// period, and the reason for any difference is `flat-rate-base`.
    @discardableResult
    public func control(_ sequence: Int64, certified: Money?, reason: DeductionReason?, parked: Bool = false, note: String,
                        by authorship: Authorship) throws(StoreError) -> LedgerEntry {
        let original = try entry(sequence)
        return try appending(projectCode: original.projectCode, by: authorship,
            "control entry \(sequence)") { (appender) throws(StoreError) in
            guard case .expenditure(let line, _, _) = original.body else {
                throw .refused("entry \(sequence) is a \(original.body.kind) entry; only expenditure entries are controlled")
            }
            if let reversal = try reversalOf(sequence) {
                throw .refused("entry \(sequence) was reversed by entry \(reversal); a reversed entry is not controlled")
            }
            let pack = try grant(original.projectCode).programme.rulePack
            if let reason, pack.control.errorType(reason) == nil {
                throw .refused("'\(reason.rawValue)' is not an error code of \(pack.id); the codes are "
                    + pack.control.typology.map(\.reason.rawValue).joined(separator: ", "))
            }
            let report = try reportHolding(sequence, line: line, projectCode: original.projectCode)
            if let report { try refuseOutsideControl(sequence, line: line, report: report, pack: pack) }
            if parked {
                guard report != nil else {
                    throw .refused("entry \(sequence) is in no partner report; only a line of a report in control can be parked")
                }
                return try appender.append(.control(.parking(sequence, note: note)), concerning: line.partnerID)
            }
            let amount = try certifiedAmount(certified, reason: reason, entry: sequence, line: line, flatRate: report == nil, pack: pack,
                                             projectCode: original.projectCode)
            return try appender.append(.control(Control(entry: sequence, certified: amount.certified, reason: amount.reason, note: note)),
                                       concerning: line.partnerID)
        }
    }

    /// What a verdict certifies, and why less than declared; `flatRate` works out a flat-rate
    /// line's amount on its certified base when none is given.
    private func certifiedAmount(_ certified: Money?, reason: DeductionReason?, entry sequence: Int64, line: ExpenditureLine,
                                 flatRate: Bool, pack: RulePack,
                                 projectCode: String) throws(StoreError) -> (certified: Money, reason: DeductionReason?) {
        var amount = certified ?? line.declaredEuros
        var why = reason
        if certified == nil, flatRate, let rate = pack.flatRate(covering: line.categoryID) {
            amount = try flatRateOnCertifiedBase(rate, line: line, projectCode: projectCode, pack: pack)
            if amount != line.declaredEuros, why == nil { why = .flatRateBase }
        }
        guard amount.isNegative == line.declaredEuros.isNegative || amount.isZero,
              amount.minorUnits.magnitude <= line.declaredEuros.minorUnits.magnitude else {
            throw .refused("entry \(sequence) declared \(AmountFormat.en.format(line.declaredEuros)) EUR; at most that can be certified, "
                + "and not \(AmountFormat.en.format(amount))")
        }
        if amount != line.declaredEuros, why == nil {
            throw .refused("certifying \(AmountFormat.en.format(amount)) of \(AmountFormat.en.format(line.declaredEuros)) EUR deducts "
                + "\(AmountFormat.en.format(try subtract(line.declaredEuros, amount))); give the reason with --reason ("
                + pack.control.typology.map(\.reason.rawValue).joined(separator: ", ") + ")")
        }
        return (amount, amount == line.declaredEuros ? nil : why)
    }

    /// The partner report that holds entry `sequence` now: the latest of its partner's reports
    /// with it among its lines (its own period's, or re-included from the report before).
    func reportHolding(_ sequence: Int64, line: ExpenditureLine, projectCode: String) throws(StoreError) -> ControlledReport? {
        let book = try partnerReports(projectCode)
        let reports = book.reports.filter { $0.partnerID == line.partnerID }.sorted { $0.number > $1.number }
        guard !reports.isEmpty else { return nil }
        for report in reports {
            let controlled = try controlled(report, book: book, projectCode: projectCode)
            if controlled.lines.contains(where: { $0.entry.sequence == sequence }) { return controlled }
        }
        return nil
    }

    private func refuseOutsideControl(_ sequence: Int64, line: ExpenditureLine, report: ControlledReport,
                                      pack: RulePack) throws(StoreError) {
        let name = "\(report.report.partnerID)/\(report.report.number)"
        guard report.report.state == .inControl else {
            throw .refused("entry \(sequence) is in partner report \(name), which is \(report.report.state.phrase); a report's "
                + "entries are controlled while it is in control (grantledger control start \(name))")
        }
        if let rate = pack.flatRate(covering: line.categoryID) {
            throw .refused("entry \(sequence) is the \(rate.id) flat rate of partner report \(name): it is recomputed on its "
                + "certified base when the report is certified")
        }
    }

    /// The flat rate on the certified base: every live base line of the partner and period must
    /// have been controlled first, since the flat rate follows what the controller certified.
    private func flatRateOnCertifiedBase(_ rate: FlatRate, line: ExpenditureLine, projectCode: String, pack: RulePack) throws(StoreError) -> Money {
        let flatCategories = Set(pack.flatRates.map(\.category))
        let base = try ledgerLines(projectCode: projectCode, filter: LedgerFilter(partnerID: line.partnerID, periodNumber: line.periodNumber))
            .filter { rate.base.includes($0.line.categoryID, flatRateCategories: flatCategories) }
        let uncontrolled = base.filter { $0.certifiedEuros == nil }.map { String($0.entry.sequence) }
        guard uncontrolled.isEmpty else {
            throw .refused("the \(rate.id) flat rate follows its certified base; control its base entries first: \(uncontrolled.joined(separator: ", "))")
        }
        do {
            return try Money.sum(base.compactMap(\.certifiedEuros), currency: .euro).applying(rate.rate, rounding: rate.rounding)
        } catch {
            throw .refused("the certified base of the \(rate.id) flat rate is out of range")
        }
    }

    private func subtract(_ left: Money, _ right: Money) throws(StoreError) -> Money {
        do {
            return try left.subtracting(right)
        } catch {
            throw .refused("an amount is out of range")
        }
    }
}
