/// A first-level controller's verdict on one expenditure entry: what is certified, and, when
/// less than declared, the reason from the deduction typology; or the entry parked, neither
/// certified nor deducted now, to be decided in the partner's next report. A later control of
/// the same entry supersedes an earlier one; both stay in the ledger.
public struct Control: Hashable, Sendable {
    /// The expenditure entry controlled.
    public let entry: Int64
    /// The amount certified, in euro: from zero to the amount declared.
    public let certified: Money
    /// Why the rest is deducted; nil when the entry is certified in full.
    public let reason: DeductionReason?
    /// The controller's note.
    public let note: String
    /// Left out of this report's certification, re-included in the partner's next report.
    public let parked: Bool

    public init(entry: Int64, certified: Money, reason: DeductionReason?, note: String) {
        precondition(reason != .parked, "A parked entry is made with Control.parking")
        self.entry = entry
        self.certified = certified
        self.reason = reason
        self.note = note
        parked = false
    }

    private init(parking entry: Int64, note: String) {
        self.entry = entry
        certified = .zero(.euro)
        reason = nil
        self.note = note
        parked = true
    }

    /// Entry `entry` parked: nothing certified or deducted now.
    public static func parking(_ entry: Int64, note: String) -> Control { Control(parking: entry, note: note) }
}

/// Why a controller deducts: a code of the typology of errors controllers report findings in,
/// the rule pack's (`ControlRules.typology`), by default the common Interreg typology.
public struct DeductionReason: RawRepresentable, Hashable, Sendable {
    public let rawValue: String

    /// A code of lower-case letters, digits and hyphens, e.g. `no-supporting-document`.
    public init?(rawValue: String) {
        guard !rawValue.isEmpty, rawValue.count <= 64,
              rawValue.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }) else {
            return nil
        }
        self.rawValue = rawValue
    }

    /// What the ledger records for a parked entry in place of a reason; never a typology's code.
    public static let parked = DeductionReason(rawValue: "parked")!

    /// The reason the engine gives a flat rate certified on its certified base for less than declared.
    public static let flatRateBase = DeductionReason(rawValue: "flat-rate-base")!

    // The other codes of the common typology, by name.
    public static let outsidePeriod = DeductionReason(rawValue: "outside-period")!
    public static let unpaid = DeductionReason(rawValue: "unpaid")!
    public static let recoverableVAT = DeductionReason(rawValue: "recoverable-vat")!
    public static let duplicate = DeductionReason(rawValue: "duplicate")!
    public static let wrongExchangeRate = DeductionReason(rawValue: "wrong-exchange-rate")!
    public static let noSupportingDocument = DeductionReason(rawValue: "no-supporting-document")!
    public static let notProjectRelated = DeductionReason(rawValue: "not-project-related")!
    public static let procurement = DeductionReason(rawValue: "procurement")!
    public static let overBudget = DeductionReason(rawValue: "over-budget")!
    public static let other = DeductionReason(rawValue: "other")!

    /// The reason in words, as the common typology says it (the code itself for a pack's own).
    public var phrase: String {
        ControlRules.commonTypology.first { $0.reason == self }?.phrase ?? rawValue
    }
}
