import GrantCore

/// Rule packs as JSON files (`grantledger-rules/1`, see README "Rule packs"): read for
/// `--rules PATH.json`, and written by `grantledger rules ID --format json`, so every built-in
/// pack is also a file a programme can copy and change.
public enum RulePackJSON {
    /// The format tag a pack file carries.
    public static let formatTag = "grantledger-rules/1"

    /// The pack in `bytes`; every problem names the entry, e.g. `flatRates[0].percent`.
    public static func read(_ bytes: [UInt8], file: String) throws(InputError) -> RulePack {
        let root = try JSONEntry.parse(bytes, file: file)
        let format = try root.member("format")
        guard try format.string() == formatTag else {
            throw format.error("format \"\(try format.string())\" is not one this version reads; expected \"\(formatTag)\"")
        }
        try root.refuseUnknownMembers(["format", "id", "name", "costCategories", "coFinancing", "flatRates", "eligibility", "conversion",
                                       "flexibility", "reportingPeriodMonths", "control", "flatRateOptions"])
        let categories = try root.member("costCategories").elements().map { (entry) throws(InputError) in
            try entry.refuseUnknownMembers(["id", "name"])
            return CostCategory(id: try entry.string("id"), name: try entry.string("name"))
        }
        let categoryIDs = Set(categories.map(\.id))
        let months = try root.member("reportingPeriodMonths")
        guard try months.integer() >= 1, try months.integer() <= 24 else { throw months.error("expected a number of months from 1 to 24") }
        let ratesEntry = try root.member("flatRates")
        let flatRates = try ratesEntry.elements().map { (entry) throws(InputError) in try flatRate(entry, categories: categoryIDs) }
        if let refusal = FlatRateRefusal.combination(flatRates.map { ($0.id, $0.category, false) }) {
            throw ratesEntry.error(refusal.message)
        }
        let options = try root.optionalMember("flatRateOptions").map { (entry) throws(InputError) in
            try flatRateOptions(entry, categories: categoryIDs)
        } ?? []
        return RulePack(
            id: try root.string("id"), name: try root.string("name"), costCategories: categories,
            coFinancing: try coFinancing(root.member("coFinancing")),
            flatRates: flatRates,
            eligibility: try eligibility(root.member("eligibility")),
            conversion: try conversion(root.member("conversion")),
            flexibility: try flexibility(root.member("flexibility")),
            reportingPeriodMonths: try months.integer(),
            control: try root.optionalMember("control").map { (entry) throws(InputError) in try control(entry, categories: categoryIDs) }
                ?? ControlRules.interreg.keeping(categories: categoryIDs),
            flatRateOptions: options)
    }

    /// `flatRateOptions`: what a project may choose in place of `flatRates`.
    private static func flatRateOptions(_ entry: JSONEntry, categories: Set<String>) throws(InputError) -> [FlatRateOption] {
        var ids: Set<String> = []
        return try entry.elements().map { (option) throws(InputError) in
            try option.refuseUnknownMembers(["id", "category", "maximumPercent", "base", "lowerRateAllowed", "exclusive", "citation"])
            // An option reads as a flat rate at its maximum, with the same checks of category, base and percentage.
            let asRate = try flatRate(option, categories: categories, percentKey: "maximumPercent", rounding: .down)
            guard ids.insert(asRate.id).inserted else { throw try option.member("id").error("\"\(asRate.id)\" is listed twice") }
            return FlatRateOption(id: asRate.id, category: asRate.category, maximum: asRate.rate, base: asRate.base,
                                  lowerRateAllowed: try flag(option.member("lowerRateAllowed")),
                                  exclusive: try flag(option.member("exclusive")), citation: asRate.citation)
        }
    }

    /// `control`: the risk rules, the draw's confidence and tolerable error, materiality, the
    /// typology of errors; a pack without it controls as Interreg does (`ControlRules.interreg`).
    private static func control(_ entry: JSONEntry, categories: Set<String>) throws(InputError) -> ControlRules {
        try entry.refuseUnknownMembers(["riskRules", "confidencePercent", "tolerablePercent", "materialityPercent", "typology",
                                        "citation"])
        let confidenceEntry = try entry.member("confidencePercent")
        guard let confidence = SamplingConfidence(text: try confidenceEntry.string()) else {
            let levels = SamplingConfidence.allCases.map { "\"\($0.rawValue)\"" }
            throw confidenceEntry.error("expected one of " + levels.joined(separator: ", "))
        }
        let shares = try ["tolerablePercent", "materialityPercent"].map { (key) throws(InputError) in
            let share = try entry.member(key)
            let rate = try percent(share)
            guard (1...Rate.scale).contains(rate.hundredMillionths) else { throw share.error("expected above 0, at most 100") }
            return rate
        }
        var codes: Set<String> = []
        let typology = try entry.member("typology").elements().map { (type) throws(InputError) in
            try type.refuseUnknownMembers(["code", "phrase"])
            let code = try type.member("code")
            let text = try code.string()
            guard let reason = DeductionReason(rawValue: text), reason != .parked else {
                throw code.error("expected a code of lower-case letters, digits and '-', not \"parked\"")
            }
            guard codes.insert(text).inserted else { throw code.error("\"\(text)\" is listed twice") }
            return ControlRules.ErrorType(reason, try type.string("phrase"))
        }
        guard codes.contains(DeductionReason.flatRateBase.rawValue) else {
            throw try entry.member("typology").error("expected the code \"flat-rate-base\", which the engine gives a flat rate "
                + "recomputed on its certified base")
        }
        return ControlRules(riskRules: try entry.member("riskRules").elements().map { (rule) throws(InputError) in
                                try riskRule(rule, categories: categories) },
                            confidence: confidence, tolerable: shares[0], materiality: shares[1], typology: typology,
                            citation: try entry.string("citation"))
    }

    private static func riskRule(_ entry: JSONEntry, categories: Set<String>) throws(InputError) -> RiskRule {
        try entry.refuseUnknownMembers(["category", "amountAbove", "procurementFrom", "vatWhenProjectAbove", "reincluded"])
        if let category = try entry.optionalMember("category") {
            guard categories.contains(try category.string()) else {
                throw category.error("\"\(try category.string())\" is not one of the pack's costCategories")
            }
            return .category(try category.string())
        }
        for (key, rule) in [("amountAbove", RiskRule.amountAbove), ("procurementFrom", RiskRule.procurementFrom),
                            ("vatWhenProjectAbove", RiskRule.vatWhenProjectAbove)] {
            guard let amount = try entry.optionalMember(key) else { continue }
            let text = try amount.string()
            let euros: Money
            do throws(AmountSyntaxError) {
                euros = try AmountParser(decimalMark: .point, currency: .euro).parse(text)
            } catch {
                throw amount.error("expected an amount in euro as text, e.g. \"5000.00\": \(error.problem)")
            }
            guard euros.minorUnits >= 0 else { throw amount.error("expected an amount of 0 or more") }
            return rule(euros)
        }
        if let reincluded = try entry.optionalMember("reincluded"), try reincluded.bool() { return .reincluded }
        throw entry.error("expected one of {\"category\": ID}, {\"amountAbove\": EUR}, {\"procurementFrom\": EUR}, "
            + "{\"vatWhenProjectAbove\": EUR}, {\"reincluded\": true}")
    }

    private static func coFinancing(_ entry: JSONEntry) throws(InputError) -> CoFinancingRule {
        try entry.refuseUnknownMembers(["capPercent", "fundRounding", "contributionTypes", "citation"])
        let cap = try percent(entry.member("capPercent"))
        guard cap.hundredMillionths <= Rate.scale else { throw try entry.member("capPercent").error("a cap is at most 100") }
        let types = try entry.member("contributionTypes").elements().map { (type) throws(InputError) in
            guard let value = ContributionType(rawValue: try type.string()) else {
                throw type.error("expected one of \(ContributionType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
        return CoFinancingRule(cap: cap, fundRounding: try rounding(entry.member("fundRounding")), contributionTypes: types,
                               citation: try entry.string("citation"))
    }

    private static func flatRate(_ entry: JSONEntry, categories: Set<String>, percentKey: String = "percent",
                                 rounding fixed: RoundingMode? = nil) throws(InputError) -> FlatRate {
        if fixed == nil { try entry.refuseUnknownMembers(["id", "category", "percent", "base", "rounding", "citation"]) }
        let category = try entry.member("category")
        let categoryID = try category.string()
        guard categories.contains(categoryID) else {
            throw category.error("\"\(categoryID)\" is not one of the pack's costCategories")
        }
        let baseEntry = try entry.member("base")
        try baseEntry.refuseUnknownMembers(["categories", "directCostsExcept"])
        let base: FlatRateBase
        if let included = try baseEntry.optionalMember("categories") {
            let ids = try ids(included, categories: categories)
            // A flat rate on its own category would pay for itself; directCostsExcept never includes flat-rate categories.
            guard !ids.contains(categoryID) else { throw included.error("the flat rate of \"\(categoryID)\" cannot be "
                + "based on \"\(categoryID)\" itself") }
            guard !ids.isEmpty else { throw included.error("expected at least one category the flat rate is based on") }
            base = .categories(ids)
        } else if let excluded = try baseEntry.optionalMember("directCostsExcept") {
            base = .directCostsExcept(try ids(excluded, categories: categories))
        } else {
            throw baseEntry.error("expected {\"categories\": [...]} or {\"directCostsExcept\": [...]}")
        }
        let percentEntry = try entry.member(percentKey)
        let rate = try percent(percentEntry)
        guard rate.hundredMillionths > 0, rate.hundredMillionths <= Limits.flatRatePercentMax * (Rate.scale / 100) else {
            throw percentEntry.error("a flat rate is above 0 and at most \(Limits.flatRatePercentMax)% of its base "
                + "(the regulations allow up to 40%)")
        }
        let mode: RoundingMode
        if let fixed { mode = fixed } else { mode = try rounding(entry.member("rounding")) }
        return FlatRate(id: try entry.string("id"), category: categoryID, rate: rate, base: base, rounding: mode,
                        citation: try entry.string("citation"))
    }

    private static func eligibility(_ entry: JSONEntry) throws(InputError) -> EligibilityRule {
        try entry.refuseUnknownMembers(["withinProjectPeriod", "paidBeforeClaim", "recoverableVATIneligible", "citation"])
        return EligibilityRule(withinProjectPeriod: try flag(entry.member("withinProjectPeriod")),
                        paidBeforeClaim: try flag(entry.member("paidBeforeClaim")),
                        recoverableVATIneligible: try flag(entry.member("recoverableVATIneligible")),
                        citation: try entry.string("citation"))
    }

    private static func conversion(_ entry: JSONEntry) throws(InputError) -> ConversionRule {
        try entry.refuseUnknownMembers(["month", "rounding", "citation"])
        let month = try entry.member("month")
        guard let value = ConversionMonth(rawValue: try month.string()) else { throw month.error("expected \"submission\" or \"invoice\"") }
        return ConversionRule(month: value, rounding: try rounding(entry.member("rounding")), citation: try entry.string("citation"))
    }

    private static func flexibility(_ entry: JSONEntry) throws(InputError) -> FlexibilityRule {
        try entry.refuseUnknownMembers(["limitPercent", "scope", "citation"])
        let scope = try entry.member("scope")
        guard let value = FlexibilityScope(rawValue: try scope.string()) else {
            throw scope.error("expected one of \(FlexibilityScope.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return FlexibilityRule(limit: try percent(entry.member("limitPercent")), scope: value, citation: try entry.string("citation"))
    }

    private static func ids(_ entry: JSONEntry, categories: Set<String>) throws(InputError) -> [String] {
        try entry.elements().map { (element) throws(InputError) in
            let id = try element.string()
            guard categories.contains(id) else { throw element.error("\"\(id)\" is not one of the pack's costCategories") }
            return id
        }
    }

    /// Percentages are strings (`"85"`, `"15.5"`), exact to six decimals, never JSON numbers.
    private static func percent(_ entry: JSONEntry) throws(InputError) -> Rate {
        guard let text = entry.text else { throw entry.error("expected a percentage as text in quotes, e.g. \"85\"") }
        do {
            return try Rate(percentText: text)
        } catch {
            throw entry.error(error.message)
        }
    }

    private static func rounding(_ entry: JSONEntry) throws(InputError) -> RoundingMode {
        guard let mode = RoundingMode(rawValue: try entry.string()) else {
            throw entry.error("expected one of \(RoundingMode.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return mode
    }

    private static func flag(_ entry: JSONEntry) throws(InputError) -> Bool { try entry.bool() }
}
