extension RulePack {
    /// Interreg 2014–2020: ERDF at most 85% of eligible cost, fund amounts truncated to the cent.
    public static let interreg2014to2020 = RulePack(
        id: "interreg-2014-2020",
        name: "Interreg 2014–2020 (ERDF)",
        coFinancingCap: .percent(85),
        fundRounding: .down,
        conversionRounding: .halfUp,
        conversionMonth: .submission,
        reportingPeriodMonths: 6,
        coFinancingCapCitation: "Reg. (EU) 1299/2013 Art. 12(1)"
    )

    /// Interreg 2021–2027: programme funds at most 80% of eligible cost.
    public static let interreg2021to2027 = RulePack(
        id: "interreg-2021-2027",
        name: "Interreg 2021–2027",
        coFinancingCap: .percent(80),
        fundRounding: .down,
        conversionRounding: .halfUp,
        conversionMonth: .submission,
        reportingPeriodMonths: 6,
        coFinancingCapCitation: "Reg. (EU) 2021/1059 Art. 13(1)"
    )

    /// The packs the engine ships, in the order `--help` lists them.
    public static let builtIn: [RulePack] = [interreg2014to2020, interreg2021to2027]

    /// The built-in pack with this identifier, or nil.
    public static func builtIn(id: String) -> RulePack? {
        builtIn.first { $0.id == id }
    }
}
