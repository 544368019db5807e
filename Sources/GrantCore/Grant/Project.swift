/// A funded project: what the subsidy contract identifies.
public struct Project: Hashable, Sendable {
    /// The programme's project code, e.g. `LLI-59`.
    public let code: String
    /// The short name, e.g. `Open Leadership`.
    public let acronym: String
    /// The full title.
    public let title: String
    /// The first eligible day.
    public let start: CalendarDate
    /// The last eligible day.
    public let end: CalendarDate
    /// The currency the budget and reports are kept in.
    public let currency: Currency
    /// The day the monitoring committee approved the project.
    public let approvalDate: CalendarDate?

    public init(code: String, acronym: String, title: String, start: CalendarDate, end: CalendarDate,
                currency: Currency, approvalDate: CalendarDate?) {
        precondition(start <= end, "A project ends on or after its start")
        self.code = code
        self.acronym = acronym
        self.title = title
        self.start = start
        self.end = end
        self.currency = currency
        self.approvalDate = approvalDate
    }
}
