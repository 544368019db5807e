import Testing
import TestSupport
import GrantCore
@testable import GrantStore

@Suite("A project's flat-rate choice in the ledger")
struct FlatRateChoiceStoreTests {
    @Test("stored with the project, read back into its pack, part of the definition verify recomputes")
    func storedAndVerified() throws {
        let fixture = try LedgerFixture()
        let lli = fixture.grant
        let choices = [FlatRateChoice(optionID: "office-15-of-staff", rate: .percent(12)),
                       FlatRateChoice(optionID: "staff-20-of-other-direct", rate: .percent(20))]
        let pack = try RulePack.interreg2021to2027.choosing(choices).get()
        let grant = Grant(programme: Programme(name: lli.programme.name, rulePack: pack),
                          project: Project(code: "SCO-1", acronym: "SCO", title: "Simplified", start: lli.project.start,
                                           end: lli.project.end, currency: .euro, approvalDate: nil),
                          partners: lli.partners, fundingSources: lli.fundingSources, costCategories: lli.costCategories,
                          reportingPeriods: lli.reportingPeriods, approvals: lli.approvals, budgetLines: lli.budgetLines,
                          flatRateChoices: choices)
        _ = try fixture.store.loadProject(grant, by: fixture.at("2026-11-22T12:00:00Z"))
        let stored = try fixture.store.grant("SCO-1")
        #expect(stored.flatRateChoices == choices)
        #expect(stored.programme.rulePack.flatRates.map(\.rate) == [.percent(12), .percent(20)])
        #expect(stored.definitionHash == grant.definitionHash)
        #expect(try fixture.store.verify().problems.isEmpty)
    }
}
