/// What one line rule finds on one line, before the precedence decides how much it carries.
package struct LineVerdict {
    /// How much of a line a rule finds ineligible, given the part of the line the rules before
    /// it left (`remaining`).
    package enum Ineligible {
        /// All that remains.
        case all
        /// At most this much (a repeated invoice's excess).
        case upTo(Money)
        /// The remaining amount is worth `right ÷ applied` of itself (a conversion at the wrong
        /// rate); the difference, rounded half-up, is ineligible when positive.
        case rescaled(right: Money, applied: Money)
        /// What remains above this amount (recoverable VAT: above the net).
        case above(Money)

        /// The part of `remaining` found ineligible.
        func amount(of remaining: Money) throws(MoneyError) -> Money {
            switch self {
            case .all:
                return remaining
            case .upTo(let limit):
                return max(.zero(.euro), min(remaining, limit))
            case .rescaled(let right, let applied):
                guard let scale = Ratio(right, of: applied) else { return .zero(.euro) }
                return try remaining.subtracting(try scale.of(remaining, rounding: .halfUp))
            case .above(let eligible):
                return max(.zero(.euro), try remaining.subtracting(eligible))
            }
        }
    }

    package let rule: AuditRule
    package let detail: AuditDetail
    package let citation: String
    package let ineligible: Ineligible
}
