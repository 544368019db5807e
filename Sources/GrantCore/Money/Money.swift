/// An exact amount of money: a whole number of minor units (cents for the euro) with its currency.
///
/// Invariant: `minorUnits` is never `Int64.min`, so every amount can be negated without overflow.
public struct Money: Hashable, Sendable {
    /// The amount in the currency's minor unit.
    public let minorUnits: Int64
    /// The currency the amount is in.
    public let currency: Currency

    /// An amount of `minorUnits` in `currency`; throws when the value lies outside the range
    /// every operation can handle (the magnitude of `Int64.max`).
    public init(minorUnits: Int64, currency: Currency) throws(MoneyError) {
        guard minorUnits != Int64.min else { throw .overflow(operation: "create") }
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Zero in `currency`.
    public static func zero(_ currency: Currency) -> Money {
        Money(unchecked: 0, currency: currency)
    }

    /// For values already known to be in range.
    init(unchecked minorUnits: Int64, currency: Currency) {
        precondition(minorUnits != Int64.min, "Money out of range")
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// True when the amount is below zero.
    public var isNegative: Bool { minorUnits < 0 }
    /// True when the amount is exactly zero.
    public var isZero: Bool { minorUnits == 0 }
}

/// Why a money operation could not give an exact result.
public enum MoneyError: Error, Equatable, Sendable {
    /// The result does not fit in the range of a money value.
    case overflow(operation: String)
    /// Two amounts in different currencies were combined.
    case currencyMismatch(String, String)
}
