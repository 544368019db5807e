import Testing
@testable import GrantCore

@Suite("Flat-rate options of 2021–2027 and a project's choice")
struct FlatRateOptionTests {
    let pack = RulePack.interreg2021to2027

    func choose(_ choices: [(String, Int64)]) -> Result<RulePack, FlatRateRefusal> {
        pack.choosing(choices.map { FlatRateChoice(optionID: $0.0, rate: .percent($0.1)) })
    }

    @Test("the 40% option alone replaces the pack's flat rates, rounded down; no choice keeps them")
    func fortyPercent() throws {
        let chosen = try choose([("remaining-40-of-staff", 40)]).get()
        #expect(chosen.flatRates.map(\.id) == ["remaining-40-of-staff"])
        #expect(chosen.flatRates[0].rounding == .down)
        // 40% of 12,345.67 staff = 4,938.268 → 4,938.26.
        let staff = try Money(minorUnits: 1_234_567, currency: .euro)
        #expect(try staff.applying(chosen.flatRates[0].rate, rounding: chosen.flatRates[0].rounding).minorUnits == 493_826)
        #expect(try choose([]).get().flatRates.map(\.id) == ["office-15-of-staff", "travel-15-of-staff"])
    }

    @Test("a lower rate where the option allows it; office on staff with staff at 20% of other costs")
    func lowerRate() throws {
        let chosen = try choose([("office-15-of-staff", 10), ("staff-20-of-other-direct", 20)]).get()
        #expect(chosen.flatRates.map(\.rate) == [.percent(10), .percent(20)])
    }

    @Test("forbidden combinations and rates are refused with the rule that forbids them")
    func refused() {
        #expect(choose([("office-15-of-staff", 15), ("office-7-of-direct", 7)]) == .failure(FlatRateRefusal(
            "office-15-of-staff and office-7-of-direct both pay for office: a category is paid by one flat rate at most (office "
                + "and administration on staff costs or on other direct costs, not both; Reg. (EU) 2021/1060 Art. 54)")))
        #expect(choose([("remaining-40-of-staff", 40), ("travel-15-of-staff", 15)]) == .failure(FlatRateRefusal(
            "remaining-40-of-staff goes with no other flat rate, and is combined with travel-15-of-staff: it pays for all costs "
                + "other than staff (Reg. (EU) 2021/1060 Art. 56(1))")))
        #expect(choose([("travel-15-of-staff", 16)]) == .failure(FlatRateRefusal(
            "travel-15-of-staff at 16%: the rate is above 0 and at most 15% [Reg. (EU) 2021/1059 Art. 41(5)]")))
        #expect(choose([("lump-sum", 5)]) == .failure(FlatRateRefusal("interreg-2021-2027 has no flat-rate option \"lump-sum\"; "
            + "its options are office-15-of-staff, office-7-of-direct, office-25-of-direct-calculated, staff-20-of-other-direct, "
            + "travel-15-of-staff, remaining-40-of-staff")))
        let fixed = FlatRateOption(id: "fixed-10", category: "office", maximum: .percent(10), base: .categories(["staff"]),
                                   lowerRateAllowed: false, exclusive: false, citation: "call text")
        let strict = RulePack(id: "strict", name: "Strict", costCategories: pack.costCategories, coFinancing: pack.coFinancing,
                              flatRates: [], eligibility: pack.eligibility, conversion: pack.conversion, flexibility: pack.flexibility,
                              reportingPeriodMonths: 6, control: pack.control, flatRateOptions: [fixed])
        #expect(strict.choosing([FlatRateChoice(optionID: "fixed-10", rate: .percent(8))]) == .failure(FlatRateRefusal(
            "fixed-10 at 8%: the pack fixes it at 10%; no lower rate may be chosen [call text]")))
    }
}
