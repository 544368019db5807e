import GrantCore
import Testing
import TestSupport

@Suite("Rules reference.partner, reference.category, reference.period")
struct UnknownReferenceRuleTests {
    @Test("a line naming a partner the project lacks: an error at its file and line, naming what the project has")
    func unknownPartner() {
        let finding = UnknownReferenceRule.finding(.unknownPartner, value: "PP9", known: ["LP", "PP2"], file: "e.csv", line: 7)
        #expect(finding.severity == .error)
        #expect(finding.place == AuditPlace(file: "e.csv", line: 7))
        #expect(finding.detail == .unknownReference(value: "PP9", known: ["LP", "PP2"]))
        #expect(finding.citation == "subsidy contract (project definition)")
        #expect(finding.correction.isZero)
    }
}
