import Testing
import GrantCore
import TestSupport
@testable import GrantStore

@Suite("Partner reports in the ledger")
struct PartnerReportStoreTests {
    @Test("verify replays each stored step: one rewritten out of order is named, with the state its report was in")
    func forgedStep() throws {
        let fixture = try LedgerFixture()
        let (opened, _) = try fixture.store.openPartnerReport(projectCode: "LLI-59", partnerID: "LP", period: 1, note: "",
                                                             by: fixture.at("2026-11-23T09:00:00Z"))
        let (submitted, report) = try fixture.store.takeReportStep(.submit, projectCode: "LLI-59", partnerID: "LP", number: 1,
                                                                   note: "", by: fixture.at("2026-11-23T10:00:00Z"))
        #expect(report.state == .submitted)
        #expect(report.firstSubmission == submitted.sequence)
        #expect(try fixture.store.verify().isIntact)
        // Rewritten from "submit" to "certify" and the chain re-hashed: a draft cannot be certified.
        try fixture.forge(entry: submitted.sequence) { $0[LedgerEntry.fieldNames.firstIndex(of: "reason")!] = .text("certify") }
        let verified = try fixture.store.verify()
        #expect(verified.problems.map(\.message).contains("entry \(submitted.sequence): cannot certify partner report 1 of LP: it is "
            + "draft, and this step is taken from in control"), "\(verified.problems)")
        #expect(opened.sequence == submitted.sequence - 1)
    }

    @Test("a report of a partner the project lacks, or a second report for one period, is refused before it is written")
    func refused() throws {
        let fixture = try LedgerFixture()
        #expect(throws: StoreError.refused("LLI-59 has no partner PP9; its partners are LP, PP2")) {
            try fixture.store.openPartnerReport(projectCode: "LLI-59", partnerID: "PP9", period: 1, note: "",
                                                by: fixture.at("2026-11-23T09:00:00Z"))
        }
        _ = try fixture.store.openPartnerReport(projectCode: "LLI-59", partnerID: "LP", period: 1, note: "",
                                                by: fixture.at("2026-11-23T09:00:00Z"))
        #expect(throws: StoreError.refused("partner report 2 of LP cannot be opened for period 1: report 1 covers it")) {
            try fixture.store.openPartnerReport(projectCode: "LLI-59", partnerID: "LP", period: 1, note: "",
                                                by: fixture.at("2026-11-23T09:10:00Z"))
        }
        let head = try fixture.store.chainHead()
        #expect(head.sequence == 2)  // the project and the one report opened
    }
}
