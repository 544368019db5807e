/// Monthly exchange rates: the Commission's accounting rate of each currency for each month.
public struct RateTable: Hashable, Sendable {
    private var rates: [Key: ExchangeRate] = [:]

    private struct Key: Hashable, Sendable {
        let currency: String
        let year: Int
        let month: Int
    }

    public init() {}

    /// Adds the rate of `rate.currency` for a month; false when that month already has one.
    @discardableResult
    public mutating func add(_ rate: ExchangeRate, year: Int, month: Int) -> Bool {
        let key = Key(currency: rate.currency.code, year: year, month: month)
        guard rates[key] == nil else { return false }
        rates[key] = rate
        return true
    }

    /// The rate of `currency` for the month of `date`, if the table has one.
    public func rate(_ currency: Currency, monthOf date: CalendarDate) -> ExchangeRate? {
        rates[Key(currency: currency.code, year: date.year, month: date.month)]
    }

    /// How many rates the table holds.
    public var count: Int { rates.count }
}
