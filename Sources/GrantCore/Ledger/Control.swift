/// A first-level controller's verdict on one expenditure entry: what is certified, and, when
/// less than declared, the reason from the deduction typology. A later control of the same
/// entry supersedes an earlier one; both stay in the ledger.
public struct Control: Hashable, Sendable {
    /// The expenditure entry controlled.
    public let entry: Int64
    /// The amount certified, in euro: from zero to the amount declared.
    public let certified: Money
    /// Why the rest is deducted; nil when the entry is certified in full.
    public let reason: DeductionReason?
    /// The controller's note.
    public let note: String

    public init(entry: Int64, certified: Money, reason: DeductionReason?, note: String) {
        self.entry = entry
        self.certified = certified
        self.reason = reason
        self.note = note
    }
}

/// Why a controller deducts: the typology controllers report findings in.
public enum DeductionReason: String, Hashable, Sendable, CaseIterable {
    case outsidePeriod = "outside-period"
    case unpaid
    case recoverableVAT = "recoverable-vat"
    case duplicate
    case wrongExchangeRate = "wrong-exchange-rate"
    case flatRateBase = "flat-rate-base"
    case noSupportingDocument = "no-supporting-document"
    case notProjectRelated = "not-project-related"
    case procurement
    case overBudget = "over-budget"
    case other

    /// The reason in words.
    public var phrase: String {
        switch self {
        case .outsidePeriod: "incurred or paid outside the eligibility period"
        case .unpaid: "not paid"
        case .recoverableVAT: "recoverable VAT"
        case .duplicate: "declared twice"
        case .wrongExchangeRate: "converted at the wrong rate"
        case .flatRateBase: "flat rate recomputed on the certified base"
        case .noSupportingDocument: "no supporting document"
        case .notProjectRelated: "not related to the project"
        case .procurement: "public procurement rules not followed"
        case .overBudget: "over the budget beyond the flexibility limit"
        case .other: "other (see the note)"
        }
    }
}
