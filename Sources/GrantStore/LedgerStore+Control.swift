import GrantCore
import GrantKeys

extension LedgerStore {
    /// Records a controller's verdict on expenditure entry `sequence`: `certified` euros (the
    /// whole declared amount when nil), with a reason when less. For a flat-rate line, when no
    /// amount is given, the certified amount is the flat rate on the certified base of the same
    /// partner and period, and the reason for any difference is `flat-rate-base`.
    @discardableResult
    public func control(_ sequence: Int64, certified: Money?, reason: DeductionReason?, note: String,
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
            let grant = try grant(original.projectCode)
            var amount = certified ?? line.declaredEuros
            var why = reason
            if certified == nil, let rate = grant.programme.rulePack.flatRate(covering: line.categoryID) {
                amount = try flatRateOnCertifiedBase(rate, line: line, projectCode: original.projectCode, pack: grant.programme.rulePack)
                if amount != line.declaredEuros, why == nil { why = .flatRateBase }
            }
            guard amount.isNegative == line.declaredEuros.isNegative || amount.isZero,
                  amount.minorUnits.magnitude <= line.declaredEuros.minorUnits.magnitude else {
                throw .refused("entry \(sequence) declared \(AmountFormat.en.format(line.declaredEuros)) EUR; at most that can be certified, and not \(AmountFormat.en.format(amount))")
            }
            if amount != line.declaredEuros, why == nil {
                throw .refused("certifying \(AmountFormat.en.format(amount)) of \(AmountFormat.en.format(line.declaredEuros)) EUR deducts \(AmountFormat.en.format(try subtract(line.declaredEuros, amount))); give the reason with --reason (\(DeductionReason.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            if amount == line.declaredEuros { why = nil }
            return try appender.append(.control(Control(entry: sequence, certified: amount, reason: why, note: note)),
                                       concerning: line.partnerID)
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
