import GrantCore
import Testing
import TestSupport
@testable import GrantReports

@Suite("The forecast report")
struct ForecastReportTests {
    typealias P = InlineProject

    /// Two partners; PP2's budget lies in period 2 only, so it has none to date at the end of period 1.
    static func grant() -> Grant {
        let base = P.grant([.init("LP", programme: "850.00", public: "150.00"), .init("PP2", programme: "850.00", public: "150.00")])
        let lines = base.budgetLines.map { line in
            line.partnerID == "PP2" ? BudgetLine(partnerID: "PP2", categoryID: line.categoryID, periodNumber: 2, sourceID: line.sourceID,
                                                 amount: line.amount) : line
        }
        return Grant(programme: base.programme, project: base.project, partners: base.partners, fundingSources: base.fundingSources,
                     costCategories: base.costCategories, reportingPeriods: base.reportingPeriods, approvals: base.approvals,
                     budgetLines: lines)
    }

    @Test("a partner without budget to date is named: its execution projection keeps the plan, and the report says so")
    func noExecutionRatio() throws {
        let grant = Self.grant()
        let input = ReportInput(grant: grant, pack: grant.programme.rulePack, lines: [P.line(2, net: "400.00"),
                                                                                      P.line(3, partner: "PP2",
                invoice: "I-2", net: "100.00")],
                                fingerprint: "test", locale: .en)
        let report = try ForecastReport.build(input, asOf: 1, method: .executionAdjusted, options: .init())
        let note = "PP2 has no budget in periods 1–1, so it has no execution ratio: the execution method keeps its "
            + "plan (spend to date + the remaining budget)."
        #expect(report.sections[0].notes == [note])
        #expect(report.sections[1].notes == [note])
        // PP2: 100.00 spent + its 1,000.00 budget of period 2; LP: 400.00 + nothing left.
        let projected = report.sections[0].table.rows.compactMap { row -> Money? in
            if case .amount(let money) = row.cells[5], row.kind == .line { return money } else { return nil }
        }
        #expect(projected == [P.euros("400.00"), P.euros("1100.00")])
    }
}
