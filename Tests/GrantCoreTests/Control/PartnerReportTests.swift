import Testing
@testable import GrantCore

@Suite("A partner report's states and who moves it")
struct PartnerReportTests {
    @Test("draft → submitted → in control → certified, each step from its state only")
    func path() {
        var state: PartnerReportState? = nil
        for step in [PartnerReportStep.open, .submit, .startControl, .certify] {
            #expect(step.refusal(report: 1, partner: "LP", state: state) == nil)
            state = step.to
        }
        #expect(state == .certified)
        #expect(PartnerReportStep.certify.refusal(report: 1, partner: "LP", state: .submitted)
            == "cannot certify partner report 1 of LP: it is submitted, and this step is taken from in control")
        #expect(PartnerReportStep.submit.refusal(report: 2, partner: "PP2", state: .inControl)
            == "cannot submit partner report 2 of PP2: it is in control, and this step is taken from draft or "
                + "reopened (limited) or reopened (full)")
        #expect(PartnerReportStep.startControl.refusal(report: 3, partner: "LP", state: nil)
            == "partner report 3 of LP does not exist; it must be opened first")
        #expect(PartnerReportStep.open.refusal(report: 1, partner: "LP", state: .draft)
            == "partner report 1 of LP exists already (it is draft)")
    }

    @Test("figures are open in a draft and after a full reopening only")
    func frozen() {
        #expect(PartnerReportState.allCases.filter(\.figuresOpen) == [.draft, .reopenedFull])
        #expect(PartnerReportStep.reopenLimited.to == .reopenedLimited)
        #expect(PartnerReportStep.reopenFull.to == .reopenedFull)
    }

    @Test("the partner submits, the controller controls, only the programme reopens a certified report")
    func roles() {
        #expect(PartnerReportStep.submit.mayBeTaken(by: .partner, from: .draft))
        #expect(!PartnerReportStep.submit.mayBeTaken(by: .controller, from: .draft))
        #expect(PartnerReportStep.startControl.mayBeTaken(by: .controller, from: .submitted))
        #expect(!PartnerReportStep.certify.mayBeTaken(by: .partner, from: .inControl))
        #expect(!PartnerReportStep.certify.mayBeTaken(by: .leadPartner, from: .inControl))
        #expect(PartnerReportStep.reopenLimited.mayBeTaken(by: .controller, from: .inControl))
        #expect(!PartnerReportStep.reopenFull.mayBeTaken(by: .controller, from: .certified))
        #expect(PartnerReportStep.reopenFull.mayBeTaken(by: .programme, from: .certified))
        #expect(!PartnerReportStep.reopenFull.mayBeTaken(by: .auditor, from: .submitted))
    }
}
