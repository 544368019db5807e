/// A monetary-unit sample of a report's lines: each euro cent declared has the same chance of
/// being drawn, so a line's chance is in proportion to its amount. The sample size comes from the
/// confidence and the tolerable error (n = ⌈reliability factor ÷ tolerable error⌉), the interval
/// is the population's book value ÷ n, kept as that fraction, and the units drawn are
/// start + ⌊k × book value ÷ n⌋ for k = 0 … n − 1, with the start drawn from a seed: anyone
/// with the seed and the lines draws the same sample. A line of at least one interval is always
/// drawn; its error is counted as it is, not projected.
public struct MonetaryUnitSample: Sendable {
    /// A line of the population: the entry it is and the amount it declares (above zero).
    public struct Line: Hashable, Sendable {
        public let entry: Int64
        public let amount: Money

        public init(entry: Int64, amount: Money) {
            self.entry = entry
            self.amount = amount
        }
    }

    /// A line drawn: how many units fell in it, and whether it is at least one interval (or the
    /// population is examined in full), so that its error is taken as it is.
    public struct Drawn: Hashable, Sendable {
        public let line: Line
        public let hits: Int
        public let exhaustive: Bool
    }

    public let confidence: SamplingConfidence
    public let tolerable: Rate
    /// The population's book value: the sum of its lines.
    public let bookValue: Money
    public let lineCount: Int
    /// n, the units drawn; at least one.
    public let size: Int
    /// The first unit drawn, in cents from the population's start: below ⌊book value ÷ n⌋.
    public let start: Int64
    /// Whether n reached the number of lines, so every line is examined and nothing projected.
    public let census: Bool
    /// The lines drawn, in the population's order.
    public let drawn: [Drawn]

    /// n = ⌈reliability factor for no error ÷ tolerable error⌉: 3.00 ÷ 2% = 150 at 95%.
    public static func size(confidence: SamplingConfidence, tolerable: Rate) -> Int {
        precondition(tolerable.hundredMillionths > 0, "A tolerable error is above zero")
        let numerator = Int128(confidence.factor(errors: 0)) * Int128(Rate.scale / 100)
        return Int(RoundingMode.ceiling.divide(numerator, by: Int128(tolerable.hundredMillionths)))
    }

    /// The start of the draw from `seed` (e.g. a hash of the chain head): its first eight bytes as
    /// a whole number, modulo ⌊book value ÷ n⌋.
    public static func start(seed: [UInt8], bookValue: Money, size: Int) -> Int64 {
        let span = UInt64(bookValue.minorUnits / Int64(size))
        guard span > 0 else { return 0 }
        let value = seed.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        return Int64(value % span)
    }

    /// Draws the sample of `lines` (each above zero, in euro) at `confidence` for `tolerable`.
    public init(lines: [Line], confidence: SamplingConfidence, tolerable: Rate, seed: [UInt8]) throws(MoneyError) {
        precondition(lines.allSatisfy { $0.amount.minorUnits > 0 }, "A sampled line declares an amount above zero")
        self.confidence = confidence
        self.tolerable = tolerable
        bookValue = try Money.sum(lines.map(\.amount), currency: .euro)
        lineCount = lines.count
        let wanted = Self.size(confidence: confidence, tolerable: tolerable)
        census = wanted >= lines.count
        size = census ? max(lines.count, 1) : Int(min(Int64(wanted), max(bookValue.minorUnits, 1)))
        start = census ? 0 : Self.start(seed: seed, bookValue: bookValue, size: size)
        drawn = census ? lines.map { Drawn(line: $0, hits: 1, exhaustive: true) } : Self.draw(lines, bookValue, size, start)
    }

    private static func draw(_ lines: [Line], _ bookValue: Money, _ size: Int, _ start: Int64) -> [Drawn] {
        var drawn: [Drawn] = []
        var unit = 0, lineStart: Int64 = 0
        func nextUnit() -> Int64 {
            start + Int64(RoundingMode.down.divide(Int128(unit) * Int128(bookValue.minorUnits), by: Int128(size)))
        }
        for line in lines {
            let lineEnd = lineStart + line.amount.minorUnits
            var hits = 0
            while unit < size && nextUnit() < lineEnd {
                hits += 1
                unit += 1
            }
            if hits > 0 {
                // At least one interval: amount × n ≥ book value.
                let exhaustive = Int128(line.amount.minorUnits) * Int128(size) >= Int128(bookValue.minorUnits)
                drawn.append(Drawn(line: line, hits: hits, exhaustive: exhaustive))
            }
            lineStart = lineEnd
        }
        return drawn
    }

    /// The interval, book value ÷ n, rounded down to the cent: for display; the arithmetic keeps
    /// the fraction.
    public var intervalForDisplay: Money {
        Money(unchecked: bookValue.minorUnits / Int64(max(size, 1)), currency: .euro)
    }
}
