import Testing
import TestSupport
@testable import GrantCore

@Suite("A partner report as its control sees it")
struct ControlledReportTests {
    let pack = RulePack.interreg2014to2020
    let terms = SamplingTerms(confidence: .ninetyFive, tolerable: .percent(2), seed: [UInt8](repeating: 3, count: 32))

    /// LP's report 1 (period 1) opened 10, submitted 11, control started 12, certified 20; report 2 (period 2) opened 21,
    /// submitted 22, control started 23.
    func book(certifyFirst: Bool = true) -> PartnerReportBook {
        var book = PartnerReportBook()
        var steps: [(Int64, Int, Int, PartnerReportStep)] = [(10, 1, 1, .open), (11, 1, 1, .submit), (12, 1, 1, .startControl)]
        if certifyFirst { steps += [(20, 1, 1, .certify), (21, 2, 2, .open), (22, 2, 2, .submit), (23, 2, 2, .startControl)] }
        for (sequence, number, period, step) in steps {
            let event = PartnerReportEvent(partnerID: "LP", number: number, periodNumber: period, step: step,
                                           sampling: step == .startControl ? terms : nil, note: "")
            #expect(book.apply(event, sequence: sequence, partners: ["LP"], periods: [1, 2]) == nil)
        }
        return book
    }

    let lines = [
        InlineProject.line(2, category: "staff", net: "1000.00"),
        InlineProject.line(3, category: "travel", net: "400.00"),
        InlineProject.line(4, category: "office", net: "150.00"),
        InlineProject.line(5, category: "travel", period: 2, net: "250.00"),
    ]

    @Test("verdicts inside the control's window count; the parked line comes into the next report, on risk")
    func parkedCarriedOver() throws {
        let book = book()
        let controls: [(sequence: Int64, control: Control)] = [
            (9, Control(entry: 2, certified: InlineProject.euros("1000.00"), reason: nil, note: "before the control: not its verdict")),
            (13, Control(entry: 2, certified: InlineProject.euros("900.00"), reason: .noSupportingDocument, note: "")),
            (14, .parking(3, note: "ticket awaited")),
            (24, Control(entry: 3, certified: InlineProject.euros("400.00"), reason: nil, note: "")),
        ]
        let total = InlineProject.euros("5000000.00")
        let first = try ControlledReport(book.report(partner: "LP", number: 1)!, book: book, lines: lines, controls: controls, pack: pack,
                                         projectTotal: total)
        #expect(first.lines.map(\.entry.sequence) == [2, 3, 4])
        #expect(first.verdicts[2]?.sequence == 13)
        #expect(first.verdicts[3]?.sequence == 14, "the later report's verdict on entry 3 is not this report's")
        #expect(first.parked == [3])
        // Office 15% of the certified 900.00 = 135.00; 15.00 of its 150.00 deducted; travel parked whole.
        #expect(first.figures.total == ReportControl.Row(categoryID: "", declared: InlineProject.euros("1550.00"),
                                                         certified: InlineProject.euros("1035.00"),
                                                         deducted: InlineProject.euros("115.00"), parked: InlineProject.euros("400.00")))
        #expect(first.undecided.isEmpty, "the staff line on risk and the travel line drawn both have verdicts")
        let second = try ControlledReport(book.report(partner: "LP", number: 2)!, book: book, lines: lines, controls: controls,
                                          pack: pack, projectTotal: total)
        #expect(second.lines.map(\.entry.sequence) == [5, 3])
        #expect(second.reincluded == [3])
        #expect(second.sample?.risk.map(\.line.entry) == [3])
        #expect(second.sample?.risk.first?.rule == .reincluded)
        #expect(second.figures.total.certified == InlineProject.euros("650.00"))
    }

    @Test("before its control starts a report has no sample and every line counts as declared")
    func beforeControl() throws {
        var book = PartnerReportBook()
        for (sequence, step) in [(10, PartnerReportStep.open), (11, .submit)] {
            _ = book.apply(PartnerReportEvent(partnerID: "LP", number: 1, periodNumber: 1, step: step, sampling: nil, note: ""),
                           sequence: Int64(sequence), partners: ["LP"], periods: [1, 2])
        }
        let report = try ControlledReport(book.report(partner: "LP", number: 1)!, book: book, lines: lines, controls: [], pack: pack,
                                          projectTotal: .zero(.euro))
        #expect(report.sample == nil && report.projection == nil && report.undecided.isEmpty)
        #expect(report.figures.total.certified == InlineProject.euros("1550.00"))
    }
}
