/// What a signing key may record: the owner everything; a registered key what its role does.
/// One rule for the engine, which refuses an entry before it is written, and for `verify`,
/// which holds every stored entry to its signer's role (a forged entry cannot borrow a role).
public struct KeyAuthority: Hashable, Sendable {
    /// Nil for the ledger's owner.
    public let role: LedgerRole?
    /// The partner a partner key acts for, or a controller is assigned to (nil: every partner).
    public let partnerID: String?

    public static let owner = KeyAuthority(role: nil, partnerID: nil)

    public init(role: LedgerRole?, partnerID: String?) {
        self.role = role
        self.partnerID = partnerID
    }

    public init(_ registration: KeyRegistration) {
        self.init(role: registration.role, partnerID: registration.partnerID)
    }

    /// What an entry does, for the partner it concerns (an expenditure line's own, a reversal's
    /// or control's original's; nil for an import's closing and rate entries).
    public enum Action: Hashable, Sendable {
        case importExpenditure(partner: String?)
        case reverse(partner: String)
        case certify(partner: String)
        case recordPayment, closePeriod, manageKeys, loadProject
        /// A step on a partner report, from the state the report was in (nil before it exists).
        case partnerReport(PartnerReportStep, partner: String, from: PartnerReportState?)

        /// The action of `body`; `partner` is the original's for a reversal or control.
        public init(_ body: LedgerEntryBody, partner: String?) {
            switch body {
            case .expenditure(let line, _, _): self = .importExpenditure(partner: line.partnerID)
            case .importBatch, .rate: self = .importExpenditure(partner: nil)
            case .reversal: self = .reverse(partner: partner ?? "")
            case .control: self = .certify(partner: partner ?? "")
            case .paymentReceived: self = .recordPayment
            case .periodClosed: self = .closePeriod
            case .keyRegistered, .keyRevoked: self = .manageKeys
            case .projectLoaded: self = .loadProject
            case .partnerReport(let event): self = .partnerReport(event.step, partner: event.partnerID, from: nil)
            }
        }

        var sentence: String {
            switch self {
            case .importExpenditure(let partner): "import expenditure" + (partner.map { " of \($0)" } ?? "")
            case .reverse(let partner): "reverse expenditure of \(partner)"
            case .certify(let partner): "certify expenditure of \(partner)"
            case .recordPayment: "record payments"
            case .closePeriod: "close periods"
            case .manageKeys: "register or revoke keys"
            case .loadProject: "load projects"
            case .partnerReport(let step, let partner, _): "\(step.sentence) a partner report of \(partner)"
            }
        }
    }

    /// Why this key may not do `action`, or nil when it may.
    public func refusal(_ action: Action) -> String? {
        guard let role else { return nil }
        let allowed = switch action {
        case .importExpenditure(let partner): role == .partner && (partner == nil || partner == partnerID)
        case .reverse(let partner): role == .partner && partner == partnerID
        case .certify(let partner): role == .controller && (partnerID == nil || partner == partnerID)
        case .recordPayment, .closePeriod, .manageKeys: role == .programme
        case .loadProject: false
        case .partnerReport(let step, let partner, let state):
            step.mayBeTaken(by: role, from: state) && (partnerID == nil || partner == partnerID)
        }
        guard !allowed else { return nil }
        let scope = partnerID.map { " for \($0)" } ?? ""
        return "\(role == .auditor ? "an" : "a") \(role.rawValue) key\(scope) may not \(action.sentence); \(role.does)"
    }
}

extension LedgerRole {
    /// What the role does, as a refusal says it.
    public var does: String {
        switch self {
        case .programme: "it records payments, closes periods, registers keys and reopens partner reports"
        case .leadPartner: "it reads every partner and prepares the project's reports and claims"
        case .partner: "it imports and reverses its partner's expenditure and opens and submits its partner reports"
        case .controller: "it certifies the expenditure of the partners assigned to it and reopens their partner reports"
        case .auditor: "it reads and verifies"
        }
    }
}
