/// How an eligible amount of one partner is financed, source by source, under the rule that
/// monitoring systems apply: each programme fund is the amount × that fund's approved share of
/// the partner's approved total, rounded as the pack rounds fund amounts; the partner
/// contribution is the remainder, split over the contribution sources by largest remainder in
/// their approved proportions. The parts always add up to the amount.
public struct FundingSplit: Hashable, Sendable {
    /// The amount split.
    public let amount: Money
    /// Each funding source's part, in the order of the partner's approval.
    public let parts: [SourceAmount]
    /// What no source finances: only when the partner's approval has no total, or a remainder
    /// is left with no contribution source approved to carry it (a broken approved budget).
    public let unfinanced: Money
    /// The programme-fund parts added up.
    public let programmeFunds: Money
    /// The contribution parts added up, by type.
    public let contributions: [ContributionType: Money]
}

extension Grant {
    /// The programme rate of a partner: approved programme funds ÷ approved total, exactly; nil
    /// when its approved total is zero.
    public func programmeRate(of approval: PartnerApproval) throws(MoneyError) -> Ratio? {
        Ratio(try programmeFunds(of: approval), of: approval.total)
    }

    /// `amount` of the partner with `approval`, split over its funding sources as `FundingSplit`
    /// describes, fund amounts rounded with `fundRounding`.
    public func fundingSplit(of amount: Money, for approval: PartnerApproval,
                             fundRounding: RoundingMode) throws(MoneyError) -> FundingSplit {
        var parts = approval.amounts.map { SourceAmount(sourceID: $0.sourceID, amount: .zero(amount.currency)) }
        var remainder = amount
        var contributionIndices: [Int] = []
        for (index, approved) in approval.amounts.enumerated() {
            switch fundingSource(approved.sourceID)?.kind {
            case .programmeFunds?:
                guard let share = Ratio(approved.amount, of: approval.total) else { continue }
                let fund = try share.of(amount, rounding: fundRounding)
                parts[index] = SourceAmount(sourceID: approved.sourceID, amount: fund)
                remainder = try remainder.subtracting(fund)
            case .partnerContribution?: contributionIndices.append(index)
            case nil: continue
            }
        }
        let weights = contributionIndices.map { max(0, approval.amounts[$0].amount.minorUnits) }
        var unfinanced = remainder
        if !remainder.isZero, weights.contains(where: { $0 > 0 }), let shares = try? remainder.allocated(overWeights: weights) {
            for (index, share) in zip(contributionIndices, shares) {
                parts[index] = SourceAmount(sourceID: parts[index].sourceID, amount: share)
            }
            unfinanced = .zero(amount.currency)
        }
        return try FundingSplit(amount: amount, parts: parts, unfinanced: unfinanced, grant: self)
    }
}

extension FundingSplit {
    init(amount: Money, parts: [SourceAmount], unfinanced: Money, grant: Grant) throws(MoneyError) {
        var programme = Money.zero(amount.currency)
        var contributions: [ContributionType: Money] = [:]
        for part in parts {
            switch grant.fundingSource(part.sourceID)?.kind {
            case .programmeFunds?: programme = try programme.adding(part.amount)
            case .partnerContribution(let type)?:
                contributions[type] = try (contributions[type] ?? .zero(amount.currency)).adding(part.amount)
            case nil: break
            }
        }
        let total = try Money.sum(parts.map(\.amount) + [unfinanced], currency: amount.currency)
        precondition(total == amount, "A funding split adds up to the amount split")
        self.init(amount: amount, parts: parts, unfinanced: unfinanced, programmeFunds: programme, contributions: contributions)
    }
}
