import Testing
import TestSupport
import GrantCore
@testable import GrantFormats

@Suite("Project folders")
struct ProjectFolderReaderTests {
    func read(_ json: String, lines: String = "partner,category,period,source,amount\n") throws(InputError) -> Grant {
        try ProjectFolderReader().read(projectJSON: Array(json.utf8), file: "project.json") { (name) throws(InputError) in
            (Array(lines.utf8), name)
        }
    }

    func lli59() throws -> Grant { try Repository.grant("lli-59-open-leadership") }

    @Test("the LLI-59 project loads with its published figures and dates")
    func loadsLLI59() throws {
        let grant = try lli59()
        #expect(grant.project.code == "LLI-59")
        #expect(grant.project.start.description == "2017-05-01")
        #expect(grant.project.approvalDate?.description == "2017-01-24")
        #expect(grant.programme.rulePack == .interreg2014to2020)
        #expect(grant.partners.map(\.name) == ["Euroregion \"Country of lakes\" office in Lithuania", "Latgales plānošanas reģions"])
        #expect(grant.approvals.map(\.total.minorUnits) == [25_305_012, 12_961_753])
        #expect(grant.reportingPeriods.count == 4)
        #expect(grant.budgetLines.count == 80)
    }

    @Test("the illustrative budget lines add up exactly to every approved amount and partner total")
    func budgetLinesSum() throws {
        let grant = try lli59()
        #expect(try grant.budgetBreaks().isEmpty)
        for approval in grant.approvals {
            let lines = grant.budgetLines.filter { $0.partnerID == approval.partnerID }
            #expect(try Money.sum(lines.map(\.amount), currency: .euro) == approval.total)
        }
        let all = try Money.sum(grant.budgetLines.map(\.amount), currency: .euro)
        #expect(all.minorUnits == 38_266_765)
    }

    static let minimal = """
    {"format": "grantledger-project/1",
     "programme": {"name": "P", "rulePack": "interreg-2014-2020"},
     "project": {"code": "X-1", "acronym": "X", "title": "T", "start": "2017-05-01", "end": "2019-04-30", "currency": "EUR"},
     "fundingSources": [{"id": "ERDF", "kind": "programme-funds", "fund": "ERDF"}],
     "costCategories": [{"id": "staff", "name": "Staff"}],
     "partners": [{"id": "LP", "role": "lead", "name": "A", "country": "LV",
                   "approved": [{"source": "ERDF", "amount": AMOUNT}], "approvedTotal": "100.00"}],
     "budgetLines": "lines.csv"}
    """

    @Test("bad project files are refused naming the entry", arguments: [
        ("\"85.00\"", "partner,category,period,source,amount\nLP,staf,1,ERDF,85.00\n",
         "lines.csv:2:4: cost category \"staf\" is not defined in the project; expected one of staff"),
        ("85.00", "partner,category,period,source,amount\n",
         "project.json:7:58: partners[0].approved[0].amount: expected the amount as text in quotes, e.g. \"215092.60\", so no reader turns it into a binary fraction"),
        ("\"85,00\"", "partner,category,period,source,amount\n",
         "project.json:7:58: partners[0].approved[0].amount: \"85,00\" is not an amount: digit groups must have three digits each; expected e.g. \"215092.60\""),
        ("\"85.00\"", "partner,category,period,source,amount\nLP,staff,5,ERDF,85.00\n",
         "lines.csv:2:10: reporting period \"5\" is not defined in the project; expected one of 1, 2, 3, 4"),
    ])
    func refuses(amount: String, lines: String, expected: String) {
        #expect {
            try read(Self.minimal.replacingOccurrences(of: "AMOUNT", with: amount), lines: lines)
        } throws: { ($0 as? InputError)?.message == expected }
    }

    @Test("a missing entry and an unknown format are named")
    func missingEntry() {
        #expect {
            try read(Self.minimal.replacingOccurrences(of: "\"acronym\": \"X\", ", with: "").replacingOccurrences(of: "AMOUNT", with: "\"1.00\""))
        } throws: { ($0 as? InputError)?.message == "project.json:3:13: project: the entry \"acronym\" is missing" }
        #expect {
            try read(Self.minimal.replacingOccurrences(of: "grantledger-project/1", with: "grantledger-project/9")
                .replacingOccurrences(of: "AMOUNT", with: "\"1.00\""))
        } throws: { ($0 as? InputError)?.message == "project.json:1:12: format: format \"grantledger-project/9\" is not one this version reads; expected \"grantledger-project/1\"" }
    }

    /// The minimal project under interreg-2021-2027 with `flatRates` as given.
    func withFlatRates(_ flatRates: String) throws(InputError) -> Grant {
        try read(Self.minimal.replacingOccurrences(of: "AMOUNT", with: "\"100.00\"")
            .replacingOccurrences(of: "interreg-2014-2020", with: "interreg-2021-2027")
            .replacingOccurrences(of: "\"budgetLines\"", with: "\"flatRates\": \(flatRates),\n \"budgetLines\""))
    }

    @Test("a project chooses its flat rates from its pack's options; the choice is part of its definition")
    func flatRateChoice() throws {
        let grant = try withFlatRates(#"[{"option": "remaining-40-of-staff", "percent": "35"}]"#)
        #expect(grant.flatRateChoices == [FlatRateChoice(optionID: "remaining-40-of-staff", rate: .percent(35))])
        #expect(grant.programme.rulePack.flatRates.map(\.id) == ["remaining-40-of-staff"])
        #expect(grant.definitionHash != (try withFlatRates("[]")).definitionHash)
        #expect(try withFlatRates("[]").programme.rulePack.flatRates.map(\.id) == ["office-15-of-staff", "travel-15-of-staff"])
    }

    @Test("a forbidden combination is refused at load, naming the entry and the rule")
    func forbiddenCombination() {
        #expect {
            try withFlatRates(#"[{"option": "remaining-40-of-staff", "percent": "40"}, {"option": "office-7-of-direct", "percent": "7"}]"#)
        } throws: { error in
            (error as? InputError)?.message == "project.json:8:15: flatRates: remaining-40-of-staff goes with no other flat rate, and "
                + "is combined with office-7-of-direct: it pays for all costs other than staff (Reg. (EU) 2021/1060 Art. 56(1))"
        }
    }
}
