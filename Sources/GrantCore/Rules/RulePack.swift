/// A programme's rules as data: what the engine checks a project against.
///
/// This first version carries the co-financing cap and the rounding conventions; later rules
/// (flat rates, eligibility, flexibility) extend it without changing what is here.
public struct RulePack: Hashable, Sendable {
    /// A stable identifier used on the command line, e.g. `interreg-2014-2020`.
    public let id: String
    /// The name a reader recognises.
    public let name: String
    /// The highest share of a partner's or the project's total that programme funds may cover.
    public let coFinancingCap: Rate
    /// How a fund amount (total × rate) is brought to the cent; the contribution is the rest.
    public let fundRounding: RoundingMode
    /// How a currency conversion is brought to the cent.
    public let conversionRounding: RoundingMode
    /// Which month's rate converts a non-euro cost.
    public let conversionMonth: ConversionMonth
    /// The length of a reporting period, in months.
    public let reportingPeriodMonths: Int
    /// The regulation and article that set the co-financing cap.
    public let coFinancingCapCitation: String

    public init(id: String, name: String, coFinancingCap: Rate, fundRounding: RoundingMode,
                conversionRounding: RoundingMode, conversionMonth: ConversionMonth, reportingPeriodMonths: Int,
                coFinancingCapCitation: String) {
        precondition(coFinancingCap.hundredMillionths <= Rate.scale, "A co-financing cap is at most 100%")
        self.id = id
        self.name = name
        self.coFinancingCap = coFinancingCap
        self.fundRounding = fundRounding
        self.conversionRounding = conversionRounding
        self.conversionMonth = conversionMonth
        self.reportingPeriodMonths = reportingPeriodMonths
        self.coFinancingCapCitation = coFinancingCapCitation
    }

    /// The most programme funds `total` may carry: total × cap, rounded as the pack says.
    public func maximumProgrammeFunds(for total: Money) throws(MoneyError) -> Money {
        try total.applying(coFinancingCap, rounding: fundRounding)
    }
}

/// The month whose exchange rate converts a non-euro cost.
public enum ConversionMonth: String, Hashable, Sendable {
    /// The month the expenditure is submitted for control (Interreg, Reg. (EU) 1299/2013 Art. 28(b)).
    case submission
    /// The month the cost was invoiced (some EEA and Norway Grants funds).
    case invoice
}
