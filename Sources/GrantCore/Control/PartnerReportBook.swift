/// A project's partner reports as their ledger entries build them, one step after another: the
/// one replay of those steps, for the engine (which refuses a step before it is written) and for
/// `verify` (which holds every stored step to it).
public struct PartnerReportBook: Sendable {
    /// A partner report and the steps taken on it.
    public struct Report: Hashable, Sendable {
        public let partnerID: String
        public let number: Int
        public let periodNumber: Int
        /// Each step with the entry that recorded it, in ledger order; the first opens it.
        public fileprivate(set) var steps: [(sequence: Int64, event: PartnerReportEvent)]
        /// The state the last step left it in.
        public var state: PartnerReportState { steps.last?.event.step.to ?? .draft }
        /// The entry of its first submission: its figures and rates are frozen from then on.
        public var firstSubmission: Int64? { steps.first { $0.event.step == .submit }?.sequence }
        /// The sample's terms of its latest control.
        public var sampling: (sequence: Int64, terms: SamplingTerms)? {
            steps.last { $0.event.sampling != nil }.map { ($0.sequence, $0.event.sampling!) }
        }

        public static func == (left: Report, right: Report) -> Bool {
            left.partnerID == right.partnerID && left.number == right.number
                && left.steps.map(\.sequence) == right.steps.map(\.sequence) && left.state == right.state
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(partnerID)
            hasher.combine(number)
        }
    }

    /// Every report, in the order opened.
    public private(set) var reports: [Report] = []

    public init() {}

    /// The report `number` of `partnerID`, if it was opened.
    public func report(partner partnerID: String, number: Int) -> Report? {
        reports.first { $0.partnerID == partnerID && $0.number == number }
    }

    /// The report of `partnerID` for `periodNumber`, if one was opened.
    public func report(partner partnerID: String, period periodNumber: Int) -> Report? {
        reports.first { $0.partnerID == partnerID && $0.periodNumber == periodNumber }
    }

    /// Whether a controller's verdict recorded by entry `sequence` on an entry of `partnerID` waits
    /// for its report's certification: it was given while a control of the partner's report was
    /// open (started, not yet closed) or in a control that was closed by a reopening instead of
    /// a certification. Such a verdict counts for nothing certified, claimed or paid until the
    /// report is certified; the report's own control figures show it.
    public func verdictWaits(_ sequence: Int64, partnerID: String) -> Bool {
        for report in reports where report.partnerID == partnerID {
            for (index, step) in report.steps.enumerated() where step.event.step == .startControl && step.sequence < sequence {
                let next = report.steps.dropFirst(index + 1).first
                guard sequence < next?.sequence ?? Int64.max else { continue }
                return next?.event.step != .certify
            }
        }
        return false
    }

    /// The number the partner's next report takes.
    public func nextNumber(partner partnerID: String) -> Int {
        (reports.filter { $0.partnerID == partnerID }.map(\.number).max() ?? 0) + 1
    }

    /// Takes `event`, recorded by entry `sequence`, of a project with `partners` and `periods`; why
    /// it cannot be taken (and nothing changes), or nil.
    public mutating func apply(_ event: PartnerReportEvent, sequence: Int64, partners: Set<String>, periods: Set<Int>) -> String? {
        guard partners.contains(event.partnerID) else {
            return "partner report \(event.number) of \(event.partnerID): the project has no partner \(event.partnerID)"
        }
        let index = reports.firstIndex { $0.partnerID == event.partnerID && $0.number == event.number }
        if let refusal = event.step.refusal(report: event.number, partner: event.partnerID, state: index.map { reports[$0].state }) {
            return refusal
        }
        guard let index else { return open(event, sequence: sequence, periods: periods) }
        guard reports[index].periodNumber == event.periodNumber else {
            return "partner report \(event.number) of \(event.partnerID) covers period \(reports[index].periodNumber), "
                + "not period \(event.periodNumber)"
        }
        reports[index].steps.append((sequence, event))
        return nil
    }

    private mutating func open(_ event: PartnerReportEvent, sequence: Int64, periods: Set<Int>) -> String? {
        let expected = nextNumber(partner: event.partnerID)
        guard event.number == expected else {
            return "partner report \(event.number) of \(event.partnerID) cannot be opened: the partner's next report is \(expected)"
        }
        guard periods.contains(event.periodNumber) else {
            return "partner report \(event.number) of \(event.partnerID) cannot be opened for period \(event.periodNumber), "
                + "which the project does not have"
        }
        if let other = report(partner: event.partnerID, period: event.periodNumber) {
            return "partner report \(event.number) of \(event.partnerID) cannot be opened for period \(event.periodNumber): "
                + "report \(other.number) covers it"
        }
        reports.append(Report(partnerID: event.partnerID, number: event.number, periodNumber: event.periodNumber,
                              steps: [(sequence, event)]))
        return nil
    }
}
