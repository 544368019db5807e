import Testing
@testable import GrantCore

@Suite("Calendar dates and reporting periods")
struct CalendarDateTests {
    @Test("dates read in ISO and Latvian form; impossible days are refused")
    func reading() {
        #expect(CalendarDate(text: "2017-05-01") == CalendarDate(year: 2017, month: 5, day: 1))
        #expect(CalendarDate(text: "24.01.2017") == CalendarDate(year: 2017, month: 1, day: 24))
        #expect(CalendarDate(text: "2019-02-29") == nil)
        #expect(CalendarDate(text: "2020-02-29") != nil)
        #expect(CalendarDate(text: "2017-5-1") == nil)
        #expect(CalendarDate(text: "2017-05-01x") == nil)
    }

    @Test("LLI-59 has four six-month periods from 1 May 2017 to 30 April 2019")
    func lli59Periods() throws {
        let project = Project(code: "LLI-59", acronym: "Open Leadership", title: "", start: CalendarDate(year: 2017, month: 5, day: 1)!,
                              end: CalendarDate(year: 2019, month: 4, day: 30)!, currency: .euro, approvalDate: nil)
        let periods = ReportingPeriod.covering(project, lengthMonths: 6)
        #expect(periods.map { "\($0.number): \($0.start)–\($0.end)" } == [
            "1: 2017-05-01–2017-10-31", "2: 2017-11-01–2018-04-30", "3: 2018-05-01–2018-10-31", "4: 2018-11-01–2019-04-30",
        ])
    }

    @Test("a project that ends mid-period gets a short last period")
    func shortLastPeriod() {
        let project = Project(code: "X", acronym: "X", title: "", start: CalendarDate(year: 2013, month: 12, day: 1)!,
                              end: CalendarDate(year: 2016, month: 6, day: 30)!, currency: .euro, approvalDate: nil)
        let periods = ReportingPeriod.covering(project, lengthMonths: 6)
        #expect(periods.count == 6)
        #expect(periods.last.map { "\($0.start)–\($0.end)" } == "2016-06-01–2016-06-30")
    }
}
