import GrantCore
import Testing

@Suite("The registry of audit rules")
struct AuditRegistryTests {
    @Test("every rule id is defined exactly once, with its kind, citation and statement")
    func everyRuleOnce() {
        let ids = AuditRegistry.definitions.map(\.id)
        #expect(ids.count == AuditRule.allCases.count)
        #expect(Set(ids) == Set(AuditRule.allCases))
        for rule in AuditRule.allCases {
            #expect(rule.definition.id == rule)
            #expect(rule.definition.statement.hasSuffix("."), "\(rule.rawValue)")
            #expect(!rule.definition.citation(.interreg2014to2020).isEmpty, "\(rule.rawValue)")
        }
    }

    @Test("the kinds: what each rule reads")
    func kinds() {
        let byKind = Dictionary(grouping: AuditRegistry.definitions, by: \.kind).mapValues { $0.map(\.id.rawValue) }
        #expect(byKind[.line] == ["reference.partner", "reference.category", "reference.period", "eligibility.project-period",
                                  "eligibility.unpaid", "eligibility.paid-after-claim", "conversion.rate-month",
                                  "eligibility.recoverable-vat"])
        #expect(byKind[.invoice] == ["duplicate.same-report", "duplicate.across-reports", "duplicate.across-partners"])
        #expect(byKind[.cell] == ["flat-rate.amount", "flat-rate.covered-cost", "flat-rate.not-recomputed", "budget.flexibility"])
        #expect(byKind[.project] == ["budget.sources-sum", "cofinancing.cap", "budget.lines-sum", "cofinancing.above-approved"])
        #expect(byKind[.table] == ["table.row-sum", "table.column-sum", "table.totals-row-sum", "table.lead-partner",
                                   "table.duplicate-partner"])
    }

    @Test("citations come from the pack")
    func citations() {
        let pack = RulePack.interreg2014to2020
        #expect(AuditRule.approvedAboveCap.definition.citation(pack) == pack.coFinancingCapCitation)
        #expect(AuditRule.outsideProjectPeriod.definition.citation(pack) == pack.eligibility.citation)
        #expect(AuditRule.conversionRate.definition.citation(pack) == pack.conversion.citation)
        #expect(AuditRule.overFlexibility.definition.citation(pack) == pack.flexibility.citation)
    }
}
