import GrantCore

/// The sentences of the approved budget's rules, written once: a project folder's check and the
/// audit both say them.
enum ApprovedBudgetWording {
    static func sentence(_ rule: AuditRule, expected: Money, found: Money, difference: Money, source: String?, pack: RulePack) -> String {
        let format = AmountFormat.en
        switch rule {
        case .approvedSourcesVersusTotal:
            return "the approved amounts per funding source add up to \(format.format(expected)), but the approved total is "
                + "\(format.format(found)) (difference \(format.signed(difference)))"
        case .approvedAboveCap:
            return "approved programme funds \(format.format(found)) are more than \(pack.coFinancingCap) of the approved total, "
                + "which is \(format.format(expected)) \(pack.fundRounding.phrase); the excess is \(format.format(difference))"
        default:
            return "the budget lines from source \(source ?? "?") add up to \(format.format(found)), but the approved amount is "
                + "\(format.format(expected)) (difference \(format.signed(difference)))"
        }
    }
}
