/// Monthly exchange rates: the Commission's accounting rate of each currency for each month.
public struct RateTable: Hashable, Sendable {
    private var rates: [Key: ExchangeRate] = [:]

    private struct Key: Hashable, Sendable {
        let currency: Currency
        let year: Int
        let month: Int
    }

    public init() {}

    /// Adds the rate of `rate.currency` for a month; false when that month already has one.
    @discardableResult
    public mutating func add(_ rate: ExchangeRate, year: Int, month: Int) -> Bool {
        let key = Key(currency: rate.currency, year: year, month: month)
        guard rates[key] == nil else { return false }
        rates[key] = rate
        return true
    }

    /// The rate of `currency` for the month of `date`, if the table has one.
    public func rate(_ currency: Currency, monthOf date: CalendarDate) -> ExchangeRate? {
        rates[Key(currency: currency, year: date.year, month: date.month)]
    }

    /// How many rates the table holds.
    public var count: Int { rates.count }
}

/// A currency and a month (its first day): the key of a monthly rate.
public struct CurrencyMonth: Hashable, Sendable, Comparable {
    public let currency: Currency
    public let month: CalendarDate

    /// The month of `day` in `currency`.
    public init(currency: Currency, monthOf day: CalendarDate) {
        self.currency = currency
        month = CalendarDate(year: day.year, month: day.month, day: 1)!
    }

    /// By currency code, then month: the order an import records its rates in.
    public static func < (lhs: CurrencyMonth, rhs: CurrencyMonth) -> Bool {
        (lhs.currency.code, lhs.month) < (rhs.currency.code, rhs.month)
    }
}

extension ConversionMonth {
    /// The currency and month whose rate converts `line`, submitted on `submittedOn`, under this rule.
    public func rateKey(of line: ExpenditureLine, submittedOn: CalendarDate) -> CurrencyMonth {
        CurrencyMonth(currency: line.currency, monthOf: self == .submission ? submittedOn : line.invoiceDate)
    }
}

extension RateTable {
    /// The rates an import records (as `rate` entries, after its batch): this table's rates for
    /// the foreign lines' `keys` that `recorded` does not hold yet, in key order. A key recorded
    /// before at another rate is returned in `conflicts`.
    public func ratesToRecord(_ keys: Set<CurrencyMonth>, recorded: [CurrencyMonth: ExchangeRate])
        -> (new: [(key: CurrencyMonth, rate: ExchangeRate)], conflicts: [(key: CurrencyMonth, table: ExchangeRate,
                                                                          recorded: ExchangeRate)]) {
        var new: [(CurrencyMonth, ExchangeRate)] = []
        var conflicts: [(CurrencyMonth, ExchangeRate, ExchangeRate)] = []
        for key in keys.sorted() {
            guard let rate = rate(key.currency, monthOf: key.month) else { continue }
            if let earlier = recorded[key] {
                if earlier != rate { conflicts.append((key, rate, earlier)) }
            } else {
                new.append((key, rate))
            }
        }
        return (new, conflicts)
    }
}
