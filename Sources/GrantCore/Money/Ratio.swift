/// An exact ratio of two amounts, kept as a fraction until one named rounding: a partner's
/// programme rate is its approved programme funds over its approved total (7/9, 1/3, …), never
/// a decimal cut to some number of places.
public struct Ratio: Hashable, Sendable {
    /// The part.
    public let part: Money
    /// The whole; never zero.
    public let whole: Money

    /// `part ÷ whole`; nil when the whole is zero (no ratio exists).
    public init?(_ part: Money, of whole: Money) {
        guard !whole.isZero else { return nil }
        precondition(part.currency == whole.currency, "A ratio of \(part.currency) to \(whole.currency)")
        self.part = part
        self.whole = whole
    }

    /// `amount × part ÷ whole`, formed in 128 bits and rounded once as `rounding` says.
    public func of(_ amount: Money, rounding: RoundingMode) throws(MoneyError) -> Money {
        let product = Int128(amount.minorUnits) * Int128(part.minorUnits)
        return try Money(checked128: rounding.divide(product, by: Int128(whole.minorUnits)), currency: amount.currency,
                         operation: "apply a ratio")
    }

    /// The ratio as hundredths of a percent, rounded half-up: for display only (85.00%), never
    /// used in arithmetic.
    public var displayHundredthsOfPercent: Int64 {
        Int64(RoundingMode.halfUp.divide(Int128(part.minorUnits) * 10_000, by: Int128(whole.minorUnits)))
    }
}
