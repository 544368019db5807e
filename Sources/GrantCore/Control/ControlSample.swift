/// Why a line is taken into a control's sample whatever the draw: the risk-based rules of a
/// rule pack, each with the sentence a control report gives for it.
public enum RiskRule: Hashable, Sendable {
    /// Every line of the category, e.g. staff costs.
    case category(String)
    /// Every line declaring more than the amount.
    case amountAbove(Money)
    /// Every line of an invoice whose gross in euro reaches the amount, above which a purchase
    /// is tied to a public procurement procedure.
    case procurementFrom(Money)
    /// Every line with VAT, when the project's total eligible cost exceeds the amount
    /// (Reg. (EU) 2021/1060 Art. 64(1)(c): VAT is eligible below EUR 5,000,000 only).
    case vatWhenProjectAbove(Money)
    /// Every line parked in an earlier report and included again.
    case reincluded

    /// Why the rule takes a line, as the control report says it.
    public var sentence: String {
        switch self {
        case .category(let id): "every line of \(id)"
        case .amountAbove(let amount): "every line above \(AmountFormat.en.format(amount)) EUR"
        case .procurementFrom(let amount): "every line of an invoice of \(AmountFormat.en.format(amount)) EUR or more (procurement)"
        case .vatWhenProjectAbove(let amount): "every line with VAT, the project's total exceeding \(AmountFormat.en.format(amount)) EUR"
        case .reincluded: "every line parked before and included again"
        }
    }
}

/// A control's sample of a partner report: the lines the risk rules take, then a monetary-unit
/// draw from the rest, its seed the SHA-256 of the chain head and the report when the control
/// starts, so that the sample is fixed by the ledger and anyone can draw it again.
public struct ControlSample: Sendable {
    /// A line of the report as the sample sees it.
    public struct Line: Hashable, Sendable {
        public let entry: Int64
        public let categoryID: String
        public let declared: Money
        /// The invoice's gross in euro.
        public let invoiceGross: Money
        public let hasVAT: Bool
        public let reincluded: Bool

        public init(entry: Int64, categoryID: String, declared: Money, invoiceGross: Money, hasVAT: Bool, reincluded: Bool) {
            self.entry = entry
            self.categoryID = categoryID
            self.declared = declared
            self.invoiceGross = invoiceGross
            self.hasVAT = hasVAT
            self.reincluded = reincluded
        }
    }

    /// Each line taken on risk with the first rule that took it, in report order.
    public let risk: [(line: Line, rule: RiskRule)]
    /// The draw from the lines not taken on risk that declare more than zero.
    public let draw: MonetaryUnitSample
    /// The lines of the report neither taken on risk nor in the draw's population (zero or less).
    public let outside: [Line]
    public let seed: [UInt8]

    /// The seed of a report's sample: SHA-256 over the chain head's hash and the report.
    public static func seed(chainHead: [UInt8], partnerID: String, report: Int) -> [UInt8] {
        SHA256.hash(Array("grantledger control sample\n".utf8) + chainHead + Array("\n\(partnerID)\n\(report)\n".utf8))
    }

    public init(lines: [Line], rules: [RiskRule], projectTotal: Money, confidence: SamplingConfidence, tolerable: Rate,
                seed: [UInt8]) throws(MoneyError) {
        var risk: [(line: Line, rule: RiskRule)] = [], population: [MonetaryUnitSample.Line] = [], outside: [Line] = []
        for line in lines {
            if let rule = rules.first(where: { Self.takes($0, line, projectTotal: projectTotal) }) {
                risk.append((line, rule))
            } else if line.declared.minorUnits > 0 {
                population.append(MonetaryUnitSample.Line(entry: line.entry, amount: line.declared))
            } else {
                outside.append(line)
            }
        }
        self.risk = risk
        self.outside = outside
        self.seed = seed
        draw = try MonetaryUnitSample(lines: population, confidence: confidence, tolerable: tolerable, seed: seed)
    }

    private static func takes(_ rule: RiskRule, _ line: Line, projectTotal: Money) -> Bool {
        switch rule {
        case .category(let id): line.categoryID == id
        case .amountAbove(let amount): line.declared > amount
        case .procurementFrom(let amount): line.invoiceGross >= amount
        case .vatWhenProjectAbove(let amount): line.hasVAT && projectTotal > amount
        case .reincluded: line.reincluded
        }
    }

    /// Every entry in the sample: taken on risk or drawn.
    public var entries: Set<Int64> { Set(risk.map(\.line.entry)).union(draw.drawn.map(\.line.entry)) }
}
