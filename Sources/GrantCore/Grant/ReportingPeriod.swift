/// One reporting period of a project, numbered from 1.
public struct ReportingPeriod: Hashable, Sendable {
    /// The period's number, as partner reports cite it.
    public let number: Int
    /// The first day of the period.
    public let start: CalendarDate
    /// The last day of the period.
    public let end: CalendarDate

    public init(number: Int, start: CalendarDate, end: CalendarDate) {
        precondition(number >= 1 && start <= end, "A period has a positive number and ends on or after its start")
        self.number = number
        self.start = start
        self.end = end
    }

    /// Periods of `lengthMonths` months covering the project from its start to its end; the last
    /// one is cut short at the end date.
    public static func covering(_ project: Project, lengthMonths: Int) -> [ReportingPeriod] {
        precondition(lengthMonths > 0, "A reporting period lasts at least a month")
        var periods: [ReportingPeriod] = []
        var start = project.start
        while start <= project.end {
            let next = project.start.addingMonths(lengthMonths * (periods.count + 1))
            let end = min(project.end, next.previousDay)
            periods.append(ReportingPeriod(number: periods.count + 1, start: start, end: end))
            start = end.nextDay
        }
        return periods
    }
}

extension CalendarDate {
    /// The day before this one.
    public var previousDay: CalendarDate {
        if day > 1 { return CalendarDate(year: year, month: month, day: day - 1)! }
        let earlier = month > 1 ? (year, month - 1) : (year - 1, 12)
        return CalendarDate(year: earlier.0, month: earlier.1, day: CalendarDate.daysIn(month: earlier.1, year: earlier.0))!
    }
}
