/// How a rule pack's first-level control works: the risk-based rules that take lines into every
/// sample, the monetary-unit draw's default confidence and tolerable error, the materiality
/// threshold the projected error is judged against, and the typology of errors deductions name.
public struct ControlRules: Hashable, Sendable {
    /// An error type of the typology: its code and what it means.
    public struct ErrorType: Hashable, Sendable {
        public let reason: DeductionReason
        public let phrase: String

        public init(_ reason: DeductionReason, _ phrase: String) {
            self.reason = reason
            self.phrase = phrase
        }
    }

    public let riskRules: [RiskRule]
    public let confidence: SamplingConfidence
    /// The tolerable error of the draw, as a share of the report's declared total.
    public let tolerable: Rate
    /// The upper error limit at most this share of the declared total is below materiality.
    public let materiality: Rate
    public let typology: [ErrorType]
    public let citation: String

    public init(riskRules: [RiskRule], confidence: SamplingConfidence, tolerable: Rate, materiality: Rate, typology: [ErrorType],
                citation: String) {
        precondition((1...Rate.scale).contains(tolerable.hundredMillionths), "A tolerable error is above 0, at most 100%")
        precondition((1...Rate.scale).contains(materiality.hundredMillionths), "Materiality is above 0, at most 100%")
        precondition(!typology.isEmpty && Set(typology.map(\.reason)).count == typology.count, "A typology lists each code once")
        precondition(typology.contains { $0.reason == .flatRateBase }, "A typology has the engine's flat-rate-base code")
        precondition(!typology.contains { $0.reason == .parked }, "'parked' is what the ledger records for a parked entry")
        self.riskRules = riskRules
        self.confidence = confidence
        self.tolerable = tolerable
        self.materiality = materiality
        self.typology = typology
        self.citation = citation
    }

    /// These rules without those taking a category not in `categories` (a pack file that gives no
    /// control rules controls as Interreg does, on the categories it has).
    public func keeping(categories: Set<String>) -> ControlRules {
        ControlRules(riskRules: riskRules.filter { rule in
            guard case .category(let id) = rule else { return true }
            return categories.contains(id)
        }, confidence: confidence, tolerable: tolerable, materiality: materiality, typology: typology, citation: citation)
    }

    /// The error type of `reason`, if the typology has it.
    public func errorType(_ reason: DeductionReason) -> ErrorType? { typology.first { $0.reason == reason } }

    /// The typology of errors Interreg controllers commonly report in.
    public static let commonTypology = [
        ErrorType(.outsidePeriod, "incurred or paid outside the eligibility period"),
        ErrorType(.unpaid, "not paid"),
        ErrorType(.recoverableVAT, "recoverable VAT"),
        ErrorType(.duplicate, "declared twice"),
        ErrorType(.wrongExchangeRate, "converted at the wrong rate"),
        ErrorType(.flatRateBase, "flat rate recomputed on the certified base"),
        ErrorType(.noSupportingDocument, "no supporting document"),
        ErrorType(.notProjectRelated, "not related to the project"),
        ErrorType(.procurement, "public procurement rules not followed"),
        ErrorType(.overBudget, "over the budget beyond the flexibility limit"),
        ErrorType(.other, "other (see the note)"),
    ]

    /// Interreg 2021–2027's control: every staff-cost line, every line above EUR 5,000, every
    /// line of an invoice of EUR 10,000 or more (the national procurement threshold for supplies
    /// and services), VAT lines in a project above EUR 5,000,000 (VAT is eligible below it only)
    /// and re-included lines, then a draw at 95% confidence and 2% tolerable error, judged
    /// against 2% materiality.
    public static let interreg = ControlRules(
        riskRules: [.category("staff"), .amountAbove(Money(unchecked: 500_000, currency: .euro)),
                    .procurementFrom(Money(unchecked: 1_000_000, currency: .euro)),
                    .vatWhenProjectAbove(Money(unchecked: 500_000_000, currency: .euro)), .reincluded],
        confidence: .ninetyFive, tolerable: .percent(2), materiality: .percent(2), typology: commonTypology,
        citation: "Reg. (EU) 2021/1060 Art. 74(1)(a) and (2), 64(1)(c); Reg. (EU) 2021/1059 Art. 46(3)")

    /// Interreg 2014–2020's: the same, but for the VAT rule, which that period does not have.
    public static let interreg2014to2020 = ControlRules(
        riskRules: interreg.riskRules.filter { if case .vatWhenProjectAbove = $0 { false } else { true } },
        confidence: .ninetyFive, tolerable: .percent(2), materiality: .percent(2), typology: commonTypology,
        citation: "Reg. (EU) 1303/2013 Art. 125(4)(a) and (5); Reg. (EU) 1299/2013 Art. 23(4)")
}
