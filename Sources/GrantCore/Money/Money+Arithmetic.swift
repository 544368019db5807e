extension Money {
    /// The sum of two amounts in the same currency; overflow and mixed currencies throw.
    public func adding(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (sum, overflow) = minorUnits.addingReportingOverflow(other.minorUnits)
        guard !overflow, sum != Int64.min else { throw .overflow(operation: "add") }
        return Money(unchecked: sum, currency: currency)
    }

    /// This amount less `other`; overflow and mixed currencies throw.
    public func subtracting(_ other: Money) throws(MoneyError) -> Money {
        try requireSameCurrency(other)
        let (difference, overflow) = minorUnits.subtractingReportingOverflow(other.minorUnits)
        guard !overflow, difference != Int64.min else { throw .overflow(operation: "subtract") }
        return Money(unchecked: difference, currency: currency)
    }

    /// The amount with its sign reversed; never overflows, by the type's invariant.
    public var negated: Money { Money(unchecked: -minorUnits, currency: currency) }

    /// The amount multiplied by a whole number; overflow throws.
    public func multiplied(by factor: Int64) throws(MoneyError) -> Money {
        let (product, overflow) = minorUnits.multipliedReportingOverflow(by: factor)
        guard !overflow, product != Int64.min else { throw .overflow(operation: "multiply") }
        return Money(unchecked: product, currency: currency)
    }

    /// The amount times `rate`, rounded to the minor unit as `rounding` says.
    ///
    /// The product is formed in 128 bits, so only a result outside the money range can overflow.
    public func applying(_ rate: Rate, rounding: RoundingMode) throws(MoneyError) -> Money {
        let product = Int128(minorUnits) * Int128(rate.hundredMillionths)
        let rounded = rounding.divide(product, by: Int128(Rate.scale))
        return try Money(checked128: rounded, currency: currency, operation: "apply a rate")
    }

    /// The amount divided by a positive whole number, rounded as `rounding` says.
    public func divided(by divisor: Int64, rounding: RoundingMode) throws(MoneyError) -> Money {
        precondition(divisor > 0, "Money can only be divided by a positive number")
        let quotient = rounding.divide(Int128(minorUnits), by: Int128(divisor))
        return try Money(checked128: quotient, currency: currency, operation: "divide")
    }

    /// The exact sum of `amounts`, all in `currency`; overflow and mixed currencies throw.
    public static func sum(_ amounts: some Sequence<Money>, currency: Currency) throws(MoneyError) -> Money {
        var total = Money.zero(currency)
        for amount in amounts { total = try total.adding(amount) }
        return total
    }

    init(checked128 value: Int128, currency: Currency, operation: String) throws(MoneyError) {
        guard value > Int128(Int64.min), value <= Int128(Int64.max) else {
            throw .overflow(operation: operation)
        }
        self.init(unchecked: Int64(value), currency: currency)
    }

    private func requireSameCurrency(_ other: Money) throws(MoneyError) {
        guard currency == other.currency else {
            throw .currencyMismatch(currency.code, other.currency.code)
        }
    }
}

extension Money: Comparable {
    /// Orders amounts of one currency; comparing two currencies is a programmer error.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "Compared \(lhs.currency) with \(rhs.currency)")
        return lhs.minorUnits < rhs.minorUnits
    }
}
