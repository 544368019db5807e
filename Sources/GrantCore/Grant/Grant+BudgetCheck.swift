extension Grant {
    /// Every way the approved amounts and budget lines fail to agree with each other and with
    /// the rule pack's cap, in partner order.
    public func budgetBreaks() throws(MoneyError) -> [GrantBudgetBreak] {
        let currency = project.currency
        let pack = programme.rulePack
        var found: [GrantBudgetBreak] = []
        var projectProgrammeFunds = Money.zero(currency)
        var projectTotal = Money.zero(currency)
        for approval in approvals {
            let sources = try Money.sum(approval.amounts.map(\.amount), currency: currency)
            if sources != approval.total {
                found.append(try GrantBudgetBreak(kind: .sourcesVersusTotal(partnerID: approval.partnerID), expected: sources, found: approval.total))
            }
            let programmeFunds = try self.programmeFunds(of: approval)
            let maximum = try pack.maximumProgrammeFunds(for: approval.total)
            if programmeFunds > maximum {
                found.append(try GrantBudgetBreak(kind: .capExceeded(partnerID: approval.partnerID), expected: maximum, found: programmeFunds))
            }
            for source in approval.amounts {
                let lines = budgetLines.filter { $0.partnerID == approval.partnerID && $0.sourceID == source.sourceID }
                let broken = try Money.sum(lines.map(\.amount), currency: currency)
                if broken != source.amount {
                    found.append(try GrantBudgetBreak(kind: .linesVersusApproved(partnerID: approval.partnerID, sourceID: source.sourceID),
                                                  expected: source.amount, found: broken))
                }
            }
            projectProgrammeFunds = try projectProgrammeFunds.adding(programmeFunds)
            projectTotal = try projectTotal.adding(approval.total)
        }
        let projectMaximum = try pack.maximumProgrammeFunds(for: projectTotal)
        if projectProgrammeFunds > projectMaximum {
            found.append(try GrantBudgetBreak(kind: .capExceeded(partnerID: nil), expected: projectMaximum, found: projectProgrammeFunds))
        }
        return found
    }

    /// The programme funds a partner is approved: the sum of its programme-fund sources.
    public func programmeFunds(of approval: PartnerApproval) throws(MoneyError) -> Money {
        let amounts = approval.amounts.filter { fundingSource($0.sourceID)?.kind.isProgrammeFunds == true }
        return try Money.sum(amounts.map(\.amount), currency: project.currency)
    }
}

/// A disagreement inside a grant's approved budget; `difference` is `found − expected`.
public struct GrantBudgetBreak: Hashable, Sendable {
    public let kind: GrantBudgetBreakKind
    /// What the rule computes.
    public let expected: Money
    /// What the grant states.
    public let found: Money

    /// `found − expected`.
    public let difference: Money

    /// A break; throws when the difference itself lies outside the money range.
    public init(kind: GrantBudgetBreakKind, expected: Money, found: Money) throws(MoneyError) {
        self.kind = kind
        self.expected = expected
        self.found = found
        self.difference = try found.subtracting(expected)
    }
}

/// The rules a grant's approved budget must satisfy.
public enum GrantBudgetBreakKind: Hashable, Sendable {
    /// A partner's approved source amounts do not add up to its approved total.
    case sourcesVersusTotal(partnerID: String)
    /// Programme funds above the cap, for a partner, or for the project when `partnerID` is nil.
    case capExceeded(partnerID: String?)
    /// A partner's budget lines from one source do not add up to its approved amount.
    case linesVersusApproved(partnerID: String, sourceID: String)

    /// The rule findings carry (its id stable across versions).
    public var rule: AuditRule {
        switch self {
        case .sourcesVersusTotal: .approvedSourcesVersusTotal
        case .capExceeded: .approvedAboveCap
        case .linesVersusApproved: .budgetLinesVersusApproved
        }
    }
}
