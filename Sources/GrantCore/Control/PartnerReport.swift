/// A partner report: one partner's expenditure for one reporting period, numbered per partner,
/// taken through the states a programme's monitoring system knows. Its figures and exchange
/// rates freeze at its first submission; a full reopening lets them change again, as reversals
/// and additions recorded as such, a limited one does not.
public enum PartnerReportState: String, CaseIterable, Hashable, Sendable {
    case draft
    case submitted
    case inControl = "in-control"
    case certified
    /// Reopened by the controller or programme; no figure may change before it is submitted again.
    case reopenedLimited = "reopened-limited"
    /// Reopened with its figures open to reversals and additions until it is submitted again.
    case reopenedFull = "reopened-full"

    /// Whether expenditure may be added to the report or reversed in it now.
    public var figuresOpen: Bool { self == .draft || self == .reopenedFull }

    /// The state as a status line shows it.
    public var phrase: String {
        switch self {
        case .draft: "draft"
        case .submitted: "submitted"
        case .inControl: "in control"
        case .certified: "certified"
        case .reopenedLimited: "reopened (limited)"
        case .reopenedFull: "reopened (full)"
        }
    }
}

/// A step in a partner report's life, each a signed ledger entry by the role allowed to take it.
public enum PartnerReportStep: String, CaseIterable, Hashable, Sendable {
    case open
    case submit
    case startControl = "start-control"
    case certify
    case reopenLimited = "reopen-limited"
    case reopenFull = "reopen-full"

    /// The states the step may be taken from (none for `open`, which makes the report).
    public var from: Set<PartnerReportState> {
        switch self {
        case .open: []
        case .submit: [.draft, .reopenedLimited, .reopenedFull]
        case .startControl: [.submitted]
        case .certify: [.inControl]
        case .reopenLimited, .reopenFull: [.submitted, .inControl, .certified]
        }
    }

    /// The state the step leaves the report in.
    public var to: PartnerReportState {
        switch self {
        case .open: .draft
        case .submit: .submitted
        case .startControl: .inControl
        case .certify: .certified
        case .reopenLimited: .reopenedLimited
        case .reopenFull: .reopenedFull
        }
    }

    /// Who takes the step: the partner opens and submits its own report; its controller starts
    /// the control, certifies and reopens one not yet certified; a certified report only the
    /// programme reopens.
    public func mayBeTaken(by role: LedgerRole, from state: PartnerReportState?) -> Bool {
        switch self {
        case .open, .submit: role == .partner
        case .startControl, .certify: role == .controller
        case .reopenLimited, .reopenFull: state == .certified ? role == .programme : role == .controller || role == .programme
        }
    }

    /// The step as a sentence says it, e.g. "start the control of".
    public var sentence: String {
        switch self {
        case .open: "open"
        case .submit: "submit"
        case .startControl: "start the control of"
        case .certify: "certify"
        case .reopenLimited: "reopen (limited)"
        case .reopenFull: "reopen (full)"
        }
    }

    /// Why the step cannot be taken on a report in `state` (nil for a report not yet opened), or
    /// nil when it can.
    public func refusal(report number: Int, partner: String, state: PartnerReportState?) -> String? {
        let name = "partner report \(number) of \(partner)"
        guard let state else {
            return self == .open ? nil : "\(name) does not exist; it must be opened first"
        }
        if self == .open { return "\(name) exists already (it is \(state.phrase))" }
        guard from.contains(state) else {
            let allowed = PartnerReportState.allCases.filter(from.contains).map(\.phrase).joined(separator: " or ")
            return "cannot \(sentence) \(name): it is \(state.phrase), and this step is taken from \(allowed)"
        }
        return nil
    }
}

/// A step taken on a partner report, as its ledger entry records it.
public struct PartnerReportEvent: Hashable, Sendable {
    /// The partner whose report it is.
    public let partnerID: String
    /// The report's number among the partner's reports, from 1.
    public let number: Int
    /// The reporting period the report covers.
    public let periodNumber: Int
    public let step: PartnerReportStep
    /// The sample's terms, recorded when the control starts (nil for every other step).
    public let sampling: SamplingTerms?
    public let note: String

    public init(partnerID: String, number: Int, periodNumber: Int, step: PartnerReportStep, sampling: SamplingTerms?,
                note: String) {
        precondition(number >= 1, "A partner report is numbered from 1")
        precondition((step == .startControl) == (sampling != nil), "The sample's terms are recorded when the control starts")
        self.partnerID = partnerID
        self.number = number
        self.periodNumber = periodNumber
        self.step = step
        self.sampling = sampling
        self.note = note
    }
}

/// What a control's sample is drawn by: the confidence, the tolerable error, and the seed (the
/// SHA-256 of the chain head and the report when the control started, `ControlSample.seed`).
public struct SamplingTerms: Hashable, Sendable {
    public let confidence: SamplingConfidence
    public let tolerable: Rate
    public let seed: [UInt8]

    public init(confidence: SamplingConfidence, tolerable: Rate, seed: [UInt8]) {
        precondition(seed.count == 32, "A sample's seed is a SHA-256")
        self.confidence = confidence
        self.tolerable = tolerable
        self.seed = seed
    }
}
