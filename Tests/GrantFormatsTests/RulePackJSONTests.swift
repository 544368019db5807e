import Testing
import GrantCore
import GrantReports
@testable import GrantFormats

@Suite("Rule packs as JSON")
struct RulePackJSONTests {
    @Test("every built-in pack written as a pack file reads back as the same pack", arguments: RulePack.builtIn.map(\.id))
    func roundTrip(id: String) throws {
        let pack = try #require(RulePack.builtIn(id: id))
        let text = RulePackDocument(pack).json()
        #expect(try RulePackJSON.read(Array(text.utf8), file: "\(id).json") == pack)
    }

    static func pack(replacing old: String, with new: String) -> [UInt8] {
        Array(RulePackDocument(.interreg2014to2020).json().replacingOccurrences(of: old, with: new).utf8)
    }

    @Test("a bad pack file is refused naming the entry and what was expected", arguments: [
        ("\"capPercent\": \"85\"", "\"capPercent\": 85", "rules.json:32:19: coFinancing.capPercent: expected a percentage as text in quotes, e.g. \"85\""),
        ("\"capPercent\": \"85\"", "\"capPercent\": \"185\"", "rules.json:32:19: coFinancing.capPercent: a cap is at most 100"),
        ("\"percent\": \"15\"", "\"percent\": \"15.1234567\"", "rules.json:45:18: flatRates[0].percent: \"15.1234567\" has more than 6 decimal places; a rate is exact to 6 places of a percent"),
        ("\"category\": \"office\"", "\"category\": \"admin\"", "rules.json:44:19: flatRates[0].category: \"admin\" is not one of the pack's costCategories"),
        ("\"fundRounding\": \"down\"", "\"fundRounding\": \"truncate\"", "rules.json:33:21: coFinancing.fundRounding: expected one of half-up, half-even, down, up, floor, ceiling"),
        ("\"paidBeforeClaim\": true", "\"paidBeforeClaim\": 1", "rules.json:57:24: eligibility.paidBeforeClaim: expected true or false"),
        ("\"scope\": \"category\"", "\"scope\": \"budget\"", "rules.json:68:14: flexibility.scope: expected one of category, partner, partner-category"),
        ("grantledger-rules/1", "grantledger-rules/2", "rules.json:2:13: format: format \"grantledger-rules/2\" is not one this version reads; expected \"grantledger-rules/1\""),
    ])
    func refuses(old: String, new: String, message: String) {
        #expect {
            try RulePackJSON.read(Self.pack(replacing: old, with: new), file: "rules.json")
        } throws: { ($0 as? InputError)?.message == message }
    }

    @Test("a programme's own pack changes the checks without new code: a 75% cap on the LLI-59 table")
    func customCap() throws {
        let pack = try RulePackJSON.read(Self.pack(replacing: "\"capPercent\": \"85\"", with: "\"capPercent\": \"75\""), file: "rules.json")
        #expect(pack.coFinancingCap == .percent(75))
        // 75% of 253,050.12 = 189,787.59; the lead partner's 215,092.60 is 25,305.01 over.
        let total = try Money(minorUnits: 25_305_012, currency: .euro)
        #expect(try pack.maximumProgrammeFunds(for: total).minorUnits == 18_978_759)
    }
}
