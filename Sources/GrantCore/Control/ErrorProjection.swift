/// The error of a controlled report's whole population projected from its monetary-unit sample
/// (tainting), its upper error limit at the sample's confidence (the cell bound of Stringer: the
/// basic precision, then each tainting in falling order times the step of the reliability
/// factors), and the verdict against the materiality threshold. Errors in lines drawn
/// exhaustively (at least one interval) and in lines taken on risk are counted as they are.
///
/// Every figure is exact until one named rounding: each projected error, each allowance and the
/// basic precision are fractions of cents rounded up to the cent, so the limit is never
/// understated, and the report shows each of them.
public struct ErrorProjection: Sendable {
    /// An error found in a line drawn by monetary unit and not exhaustively: its tainting
    /// (error ÷ book value) times the interval is its share of the projection.
    public struct Tainted: Hashable, Sendable {
        public let entry: Int64
        public let book: Money
        public let error: Money
        /// error × interval ÷ book, rounded up.
        public let projected: Money
        /// The step of the reliability factor it is weighed by (in hundredths), by its rank.
        public let factorStep: Int64
        /// factor step × error × interval ÷ book, rounded up: its part of the upper limit.
        public let allowance: Money
    }

    public let sample: MonetaryUnitSample
    /// The errors projected, the largest tainting first.
    public let tainted: [Tainted]
    /// The errors counted as they are: exhaustive lines and lines taken on risk.
    public let actualErrors: Money
    /// The projected error: the projected taintings plus the actual errors.
    public let projectedError: Money
    /// Reliability factor for no error × interval, rounded up; zero when every line was examined.
    public let basicPrecision: Money
    /// The upper error limit: basic precision + the allowances + the actual errors.
    public let upperLimit: Money
    /// The report's declared total the threshold is a share of.
    public let declaredTotal: Money
    public let materialityRate: Rate
    /// materiality rate × declared total, rounded down (a limit is not raised by rounding).
    public let materiality: Money

    /// Whether the upper error limit stays at or below the materiality threshold.
    public var belowMateriality: Bool { upperLimit <= materiality }

    /// `errors`: the amount each line drawn (by entry) was found wrong by, i.e. deducted (a line
    /// parked is not an error); `actualErrors` adds those of lines taken on risk.
    public init(sample: MonetaryUnitSample, errors: [Int64: Money], riskErrors: Money, declaredTotal: Money,
                materialityRate: Rate) throws(MoneyError) {
        self.sample = sample
        self.declaredTotal = declaredTotal
        self.materialityRate = materialityRate
        materiality = try declaredTotal.applying(materialityRate, rounding: .down)
        var actual = riskErrors
        var found: [(entry: Int64, book: Money, error: Money)] = []
        for drawn in sample.drawn {
            guard let error = errors[drawn.line.entry], error.minorUnits > 0 else { continue }
            if drawn.exhaustive {
                actual = try actual.adding(error)
            } else {
                found.append((drawn.line.entry, drawn.line.amount, min(error, drawn.line.amount)))
            }
        }
        // Larger taintings first: error ÷ book compared without dividing; ties by entry.
        found.sort {
            let (left, right) = (Int128($0.error.minorUnits) * Int128($1.book.minorUnits),
                                 Int128($1.error.minorUnits) * Int128($0.book.minorUnits))
            return left != right ? left > right : $0.entry < $1.entry
        }
        let confidence = sample.confidence
        tainted = try found.enumerated().map { (rank, line) throws(MoneyError) in
            let step = confidence.factor(errors: rank + 1) - confidence.factor(errors: rank)
            return Tainted(entry: line.entry, book: line.book, error: line.error,
                           projected: try Self.timesInterval(line.error, book: line.book, hundredths: 100, sample),
                           factorStep: step,
                           allowance: try Self.timesInterval(line.error, book: line.book, hundredths: step, sample))
        }
        actualErrors = actual
        projectedError = try Money.sum(tainted.map(\.projected), currency: .euro).adding(actual)
        basicPrecision = sample.census ? .zero(.euro)
            : try Self.timesInterval(Money(unchecked: 1, currency: .euro), book: Money(unchecked: 1, currency: .euro),
                                     hundredths: confidence.factor(errors: 0), sample)
        upperLimit = try Money.sum(tainted.map(\.allowance), currency: .euro).adding(basicPrecision).adding(actual)
    }

    /// hundredths ÷ 100 × error ÷ book × interval, the interval being book value ÷ n: one
    /// fraction, rounded up to the cent.
    private static func timesInterval(_ error: Money, book: Money, hundredths: Int64,
                                      _ sample: MonetaryUnitSample) throws(MoneyError) -> Money {
        let numerator = Int128(hundredths) * Int128(error.minorUnits) * Int128(sample.bookValue.minorUnits)
        let denominator = 100 * Int128(book.minorUnits) * Int128(sample.size)
        return try Money(checked128: RoundingMode.ceiling.divide(numerator, by: denominator), currency: .euro,
                         operation: "project a sampled error")
    }

    /// The projected error as a share of the declared total, in hundredths of a percent, rounded
    /// half-up: for display.
    public var errorRateHundredthsOfPercent: Int64 {
        Ratio(projectedError, of: declaredTotal)?.displayHundredthsOfPercent ?? 0
    }
}
