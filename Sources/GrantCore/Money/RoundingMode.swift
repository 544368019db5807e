/// How a division that does not come out even is brought to a whole number of minor units.
///
/// Every division and percentage in the engine names one of these; none is implied.
public enum RoundingMode: String, CaseIterable, Sendable, Codable {
    /// To the nearest; a tie goes away from zero (2.5 → 3, −2.5 → −3). Currency conversions.
    case halfUp = "half-up"
    /// To the nearest; a tie goes to the even neighbour (2.5 → 2, 3.5 → 4). Banker's rounding.
    case halfEven = "half-even"
    /// Toward zero: truncation (2.9 → 2, −2.9 → −2). Fund amounts and flat rates.
    case down
    /// Away from zero (2.1 → 3, −2.1 → −3).
    case up
    /// Toward negative infinity (2.9 → 2, −2.1 → −3).
    case floor
    /// Toward positive infinity (2.1 → 3, −2.9 → −2).
    case ceiling

    /// `numerator / denominator` rounded to a whole number by this mode.
    public func divide(_ numerator: Int128, by denominator: Int128) -> Int128 {
        precondition(denominator != 0, "Division by zero")
        let quotient = numerator / denominator  // Truncated toward zero.
        let remainder = numerator % denominator
        if remainder == 0 { return quotient }
        // The exact result lies strictly between `quotient` and `quotient + step`.
        let step: Int128 = (numerator < 0) == (denominator < 0) ? 1 : -1
        let twiceRemainder = remainder.magnitude * 2
        let divisor = denominator.magnitude
        switch self {
        case .down: return quotient
        case .up: return quotient + step
        case .floor: return step < 0 ? quotient - 1 : quotient
        case .ceiling: return step > 0 ? quotient + 1 : quotient
        case .halfUp: return twiceRemainder >= divisor ? quotient + step : quotient
        case .halfEven:
            if twiceRemainder > divisor { return quotient + step }
            if twiceRemainder < divisor { return quotient }
            return quotient % 2 == 0 ? quotient : quotient + step
        }
    }

    /// The words a report uses for this mode, e.g. "rounded down (truncated)".
    public var phrase: String {
        switch self {
        case .halfUp: "rounded half-up"
        case .halfEven: "rounded half-even"
        case .down: "rounded down (truncated)"
        case .up: "rounded up (away from zero)"
        case .floor: "rounded toward minus infinity"
        case .ceiling: "rounded toward plus infinity"
        }
    }
}
