extension RulePack {
    /// The Interreg 2014–2020 categories (Delegated Reg. (EU) 481/2014 Art. 3–7).
    static let interregCategories = [
        CostCategory(id: "staff", name: "Staff costs"),
        CostCategory(id: "office", name: "Office and administration"),
        CostCategory(id: "travel", name: "Travel and accommodation"),
        CostCategory(id: "external", name: "External expertise and services"),
        CostCategory(id: "equipment", name: "Equipment"),
        CostCategory(id: "infrastructure", name: "Infrastructure and works"),
    ]

    static let interregEligibility = EligibilityRule(
        withinProjectPeriod: true, paidBeforeClaim: true, recoverableVATIneligible: true,
        citation: "Reg. (EU) 1303/2013 Art. 65(2), 69(3)(c); Delegated Reg. (EU) 481/2014 Art. 2")

    static let interregOfficeFlatRate = FlatRate(
        id: "office-15-of-staff", category: "office", rate: .percent(15), base: .categories(["staff"]), rounding: .down,
        citation: "Reg. (EU) 1303/2013 Art. 68(1)(b); Delegated Reg. (EU) 481/2014 Art. 4")

    /// Interreg 2014–2020: ERDF at most 85%, office and administration at 15% of staff costs.
    public static let interreg2014to2020 = RulePack(
        id: "interreg-2014-2020",
        name: "Interreg 2014–2020 (ERDF)",
        costCategories: interregCategories,
        coFinancing: CoFinancingRule(cap: .percent(85), fundRounding: .down, contributionTypes: ContributionType.allCases,
                                     citation: "Reg. (EU) 1299/2013 Art. 12(1)"),
        flatRates: [interregOfficeFlatRate],
        eligibility: interregEligibility,
        conversion: ConversionRule(month: .submission, rounding: .halfUp, citation: "Reg. (EU) 1299/2013 Art. 28(b)"),
        flexibility: FlexibilityRule(limit: .percent(20), scope: .category,
                                     citation: "Interreg programme manual: budget flexibility, 20% per cost category"),
        reportingPeriodMonths: 6, control: .interreg2014to2020)

    /// Interreg V-A Latvia–Lithuania 2014–2020: as Interreg 2014–2020, with the programme's own
    /// staff flat rate of 15% of direct costs other than staff.
    public static let interregLatviaLithuania2014to2020 = RulePack(
        id: "interreg-lv-lt-2014-2020",
        name: "Interreg V-A Latvia–Lithuania 2014–2020",
        costCategories: interregCategories,
        coFinancing: interreg2014to2020.coFinancing,
        flatRates: [
            interregOfficeFlatRate,
            FlatRate(id: "staff-15-of-other-direct", category: "staff", rate: .percent(15), base: .directCostsExcept(["staff"]),
                     rounding: .down, citation: "Delegated Reg. (EU) 481/2014 Art. 3; LV–LT programme manual, staff costs"),
        ],
        eligibility: interregEligibility,
        conversion: interreg2014to2020.conversion,
        flexibility: interreg2014to2020.flexibility,
        reportingPeriodMonths: 6, control: .interreg2014to2020)

    /// Interreg 2021–2027: programme funds at most 80%; office and travel at 15% of staff costs.
    public static let interreg2021to2027 = RulePack(
        id: "interreg-2021-2027",
        name: "Interreg 2021–2027",
        costCategories: interregCategories + [CostCategory(id: "remaining", name: "Remaining costs (flat rate of staff costs)")],
        coFinancing: CoFinancingRule(cap: .percent(80), fundRounding: .down, contributionTypes: ContributionType.allCases,
                                     citation: "Reg. (EU) 2021/1059 Art. 13(1)"),
        flatRates: [
            FlatRate(id: "office-15-of-staff", category: "office", rate: .percent(15), base: .categories(["staff"]), rounding: .down,
                     citation: "Reg. (EU) 2021/1059 Art. 41(5); Reg. (EU) 2021/1060 Art. 54(a)"),
            FlatRate(id: "travel-15-of-staff", category: "travel", rate: .percent(15), base: .categories(["staff"]), rounding: .down,
                     citation: "Reg. (EU) 2021/1059 Art. 41(5)"),
        ],
        eligibility: EligibilityRule(withinProjectPeriod: true, paidBeforeClaim: true, recoverableVATIneligible: true,
                                     citation: "Reg. (EU) 2021/1060 Art. 63(2), 64(1)(c)"),
        conversion: ConversionRule(month: .submission, rounding: .halfUp, citation: "Reg. (EU) 2021/1059 Art. 38(5)"),
        flexibility: FlexibilityRule(limit: .percent(20), scope: .category,
                                     citation: "Interreg programme manual: budget flexibility, 20% per cost category"),
        reportingPeriodMonths: 6, control: .interreg, flatRateOptions: simplifiedCostOptions2021to2027)

    /// The flat rates of 2021–2027 a project may choose, each up to its maximum (a lower rate
    /// allowed), rounded down to the cent.
    static let simplifiedCostOptions2021to2027 = [
        FlatRateOption(id: "office-15-of-staff", category: "office", maximum: .percent(15), base: .categories(["staff"]),
                       lowerRateAllowed: true, exclusive: false, citation: "Reg. (EU) 2021/1060 Art. 54(b); Reg. (EU) 2021/1059 Art. 40"),
        FlatRateOption(id: "office-7-of-direct", category: "office", maximum: .percent(7), base: .directCostsExcept([]),
                       lowerRateAllowed: true, exclusive: false, citation: "Reg. (EU) 2021/1060 Art. 54(a)"),
        FlatRateOption(id: "office-25-of-direct-calculated", category: "office", maximum: .percent(25), base: .directCostsExcept([]),
                       lowerRateAllowed: true, exclusive: false,
                       citation: "Reg. (EU) 2021/1060 Art. 54(c) (where calculated under Art. 53(3)(a))"),
        FlatRateOption(id: "staff-20-of-other-direct", category: "staff", maximum: .percent(20), base: .directCostsExcept(["staff"]),
                       lowerRateAllowed: true, exclusive: false, citation: "Reg. (EU) 2021/1060 Art. 55(1)"),
        FlatRateOption(id: "travel-15-of-staff", category: "travel", maximum: .percent(15), base: .categories(["staff"]),
                       lowerRateAllowed: true, exclusive: false, citation: "Reg. (EU) 2021/1059 Art. 41(5)"),
        FlatRateOption(id: "remaining-40-of-staff", category: "remaining", maximum: .percent(40), base: .categories(["staff"]),
                       lowerRateAllowed: true, exclusive: true, citation: "Reg. (EU) 2021/1060 Art. 56(1)"),
    ]

    /// EEA and Norway Grants 2014–2021: grant rate up to 85% here (set per programme), indirect
    /// costs at 20% of direct costs other than subcontracting, invoice-month conversion.
    public static let eeaNorway2014to2021 = RulePack(
        id: "eea-norway-2014-2021",
        name: "EEA and Norway Grants 2014–2021",
        costCategories: [
            CostCategory(id: "staff", name: "Staff costs"),
            CostCategory(id: "travel", name: "Travel and subsistence"),
            CostCategory(id: "equipment", name: "Equipment"),
            CostCategory(id: "consumables", name: "Consumables and supplies"),
            CostCategory(id: "subcontracting", name: "Subcontracting"),
            CostCategory(id: "indirect", name: "Indirect costs"),
        ],
        coFinancing: CoFinancingRule(cap: .percent(85), fundRounding: .down, contributionTypes: ContributionType.allCases,
                                     citation: "EEA Grants Regulation 2014–2021 Art. 6.4"),
        flatRates: [
            FlatRate(id: "indirect-20-of-direct", category: "indirect", rate: .percent(20), base: .directCostsExcept(["subcontracting"]),
                     rounding: .down, citation: "EEA Grants Regulation 2014–2021 Art. 8.5(1)(b)"),
        ],
        eligibility: EligibilityRule(withinProjectPeriod: true, paidBeforeClaim: true, recoverableVATIneligible: true,
                                     citation: "EEA Grants Regulation 2014–2021 Art. 8.2, 8.7(1)(c)"),
        conversion: ConversionRule(month: .invoice, rounding: .halfUp, citation: "EEA Grants Regulation 2014–2021 Art. 8.8"),
        flexibility: FlexibilityRule(limit: .percent(15), scope: .category,
                                     citation: "EEA Grants Regulation 2014–2021 Art. 7.3 (programme agreement)"),
        reportingPeriodMonths: 4,
        control: ControlRules(riskRules: ControlRules.interreg2014to2020.riskRules, confidence: .ninetyFive, tolerable: .percent(2),
                              materiality: .percent(2), typology: ControlRules.commonTypology,
                              citation: "Regulation on the implementation of the EEA Financial Mechanism 2014–2021, Chapter 5"))

    /// US federal awards under 2 CFR 200: SF-424A object classes, de minimis indirect rate of 15%
    /// of modified total direct costs (awards from 1 October 2024), federal share as awarded.
    public static let us2cfr200 = RulePack(
        id: "us-2cfr200",
        name: "US federal awards (2 CFR 200)",
        costCategories: [
            CostCategory(id: "personnel", name: "Personnel"),
            CostCategory(id: "fringe", name: "Fringe benefits"),
            CostCategory(id: "travel", name: "Travel"),
            CostCategory(id: "equipment", name: "Equipment"),
            CostCategory(id: "supplies", name: "Supplies"),
            CostCategory(id: "contractual", name: "Contractual"),
            CostCategory(id: "construction", name: "Construction"),
            CostCategory(id: "other", name: "Other"),
            CostCategory(id: "indirect", name: "Indirect charges"),
        ],
        coFinancing: CoFinancingRule(cap: .percent(100), fundRounding: .down, contributionTypes: ContributionType.allCases,
                                     citation: "2 CFR 200.306 (cost sharing as awarded)"),
        flatRates: [
            FlatRate(id: "de-minimis-15-of-mtdc", category: "indirect", rate: .percent(15),
                     base: .directCostsExcept(["equipment", "construction"]), rounding: .down, citation: "2 CFR 200.414(f)"),
        ],
        eligibility: EligibilityRule(withinProjectPeriod: true, paidBeforeClaim: false, recoverableVATIneligible: false,
                                     citation: "2 CFR 200.403, 200.309"),
        conversion: ConversionRule(month: .invoice, rounding: .halfUp, citation: "2 CFR 200.440"),
        flexibility: FlexibilityRule(limit: .percent(10), scope: .category, citation: "2 CFR 200.308(e)"),
        reportingPeriodMonths: 3,
        control: ControlRules(
            riskRules: [.category("personnel"), .amountAbove(Money(unchecked: 500_000, currency: .euro)),
                        .procurementFrom(Money(unchecked: 25_000_000, currency: .euro)), .reincluded],
            confidence: .ninetyFive, tolerable: .percent(2), materiality: .percent(2), typology: ControlRules.commonTypology,
            citation: "2 CFR 200.303 (internal controls), 200.320 (procurement above the simplified acquisition threshold)"))

    /// The packs the engine ships, in the order `grantledger rules` lists them.
    public static let builtIn: [RulePack] = [
        interreg2014to2020, interregLatviaLithuania2014to2020, interreg2021to2027, eeaNorway2014to2021, us2cfr200,
    ]

    /// The built-in pack with this identifier, or nil.
    public static func builtIn(id: String) -> RulePack? {
        builtIn.first { $0.id == id }
    }
}
