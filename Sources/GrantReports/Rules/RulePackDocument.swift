import GrantCore

/// A rule pack shown to people (text) or written as a pack file (JSON, the format
/// `--rules PATH.json` reads).
public struct RulePackDocument: Sendable {
    public let pack: RulePack

    public init(_ pack: RulePack) { self.pack = pack }

    /// The pack as a `grantledger-rules/1` JSON file.
    public func json() -> String {
        JSONValue.object([
            ("format", .string("grantledger-rules/1")),
            ("id", .string(pack.id)),
            ("name", .string(pack.name)),
            ("costCategories", .array(pack.costCategories.map { .object([("id", .string($0.id)), ("name", .string($0.name))]) })),
            ("coFinancing", .object([
                ("capPercent", .string(pack.coFinancing.cap.percentText)),
                ("fundRounding", .string(pack.coFinancing.fundRounding.rawValue)),
                ("contributionTypes", .array(pack.coFinancing.contributionTypes.map { .string($0.rawValue) })),
                ("citation", .string(pack.coFinancing.citation)),
            ])),
            ("flatRates", .array(pack.flatRates.map(flatRateJSON))),
            ("eligibility", .object([
                ("withinProjectPeriod", .bool(pack.eligibility.withinProjectPeriod)),
                ("paidBeforeClaim", .bool(pack.eligibility.paidBeforeClaim)),
                ("recoverableVATIneligible", .bool(pack.eligibility.recoverableVATIneligible)),
                ("citation", .string(pack.eligibility.citation)),
            ])),
            ("conversion", .object([
                ("month", .string(pack.conversion.month.rawValue)),
                ("rounding", .string(pack.conversion.rounding.rawValue)),
                ("citation", .string(pack.conversion.citation)),
            ])),
            ("flexibility", .object([
                ("limitPercent", .string(pack.flexibility.limit.percentText)),
                ("scope", .string(pack.flexibility.scope.rawValue)),
                ("citation", .string(pack.flexibility.citation)),
            ])),
            ("reportingPeriodMonths", .integer(Int64(pack.reportingPeriodMonths))),
            ("control", controlJSON(pack.control)),
        ] + (pack.flatRateOptions.isEmpty ? [] : [("flatRateOptions", .array(pack.flatRateOptions.map(optionJSON)))])).rendered()
    }

    private func controlJSON(_ control: ControlRules) -> JSONValue {
        let rules: [JSONValue] = control.riskRules.map { rule in
            switch rule {
            case .category(let id): .object([("category", .string(id))])
            case .amountAbove(let amount): .object([("amountAbove", .string(AmountFormat.plain.format(amount)))])
            case .procurementFrom(let amount): .object([("procurementFrom", .string(AmountFormat.plain.format(amount)))])
            case .vatWhenProjectAbove(let amount): .object([("vatWhenProjectAbove", .string(AmountFormat.plain.format(amount)))])
            case .reincluded: .object([("reincluded", .bool(true))])
            }
        }
        return .object([
            ("riskRules", .array(rules)),
            ("confidencePercent", .string(String(control.confidence.rawValue))),
            ("tolerablePercent", .string(control.tolerable.percentText)),
            ("materialityPercent", .string(control.materiality.percentText)),
            ("typology", .array(control.typology.map { .object([("code", .string($0.reason.rawValue)), ("phrase", .string($0.phrase))]) })),
            ("citation", .string(control.citation)),
        ])
    }

    private func baseJSON(_ base: FlatRateBase) -> JSONValue {
        switch base {
        case .categories(let ids): .object([("categories", .array(ids.map(JSONValue.string)))])
        case .directCostsExcept(let ids): .object([("directCostsExcept", .array(ids.map(JSONValue.string)))])
        }
    }

    private func flatRateJSON(_ rate: FlatRate) -> JSONValue {
        .object([
            ("id", .string(rate.id)), ("category", .string(rate.category)), ("percent", .string(rate.rate.percentText)),
            ("base", baseJSON(rate.base)), ("rounding", .string(rate.rounding.rawValue)), ("citation", .string(rate.citation)),
        ])
    }

    private func optionJSON(_ option: FlatRateOption) -> JSONValue {
        .object([
            ("id", .string(option.id)), ("category", .string(option.category)), ("maximumPercent", .string(option.maximum.percentText)),
            ("base", baseJSON(option.base)), ("lowerRateAllowed", .bool(option.lowerRateAllowed)), ("exclusive", .bool(option.exclusive)),
            ("citation", .string(option.citation)),
        ])
    }

    /// The pack in words, one rule a line, with its citation.
    public func text() -> String {
        let names = Dictionary(uniqueKeysWithValues: pack.costCategories.map { ($0.id, $0.name) })
        func name(_ id: String) -> String { names[id].map { "\($0.lowercased()) (\(id))" } ?? id }
        var lines = [
            "\(pack.id): \(pack.name)",
            "",
            "Cost categories: " + pack.costCategories.map { "\($0.id) (\($0.name))" }.joined(separator: ", "),
            "Co-financing:    programme funds at most \(pack.coFinancing.cap) of eligible cost, \(pack.coFinancing.fundRounding.phrase);",
            "                 contributions: \(pack.coFinancing.contributionTypes.map(\.rawValue).joined(separator: ", ")) [\(pack.coFinancing.citation)]",
        ]
        func described(_ base: FlatRateBase) -> String {
            switch base {
            case .categories(let ids): ids.map(name).joined(separator: " + ")
            case .directCostsExcept(let ids):
                ids.isEmpty ? "direct costs" : "direct costs other than " + ids.map(name).joined(separator: ", ")
            }
        }
        for rate in pack.flatRates {
            let base = described(rate.base)
            lines.append("Flat rate:       \(name(rate.category)) = \(rate.rate) of \(base), \(rate.rounding.phrase) [\(rate.citation)]")
        }
        for option in pack.flatRateOptions {
            let base = described(option.base)
            lines.append("Option:          \(option.id): \(name(option.category)) = " + (option.lowerRateAllowed ? "up to " : "")
                + "\(option.maximum) of \(base)" + (option.exclusive ? ", with no other flat rate" : "") + " [\(option.citation)]")
        }
        let eligibility = pack.eligibility
        var conditions: [String] = []
        if eligibility.withinProjectPeriod { conditions.append("invoiced and paid within the project period") }
        if eligibility.paidBeforeClaim { conditions.append("paid before it is claimed") }
        if eligibility.recoverableVATIneligible { conditions.append("recoverable VAT is not eligible") }
        lines.append("Eligibility:     \(conditions.joined(separator: "; ")) [\(eligibility.citation)]")
        lines.append("Conversion:      at the rate of the month of \(pack.conversion.month == .submission ? "submission for control" : "the invoice"), \(pack.conversion.rounding.phrase) [\(pack.conversion.citation)]")
        let scope: String = switch pack.flexibility.scope {
        case .category: "each cost category"
        case .partner: "each partner"
        case .partnerCategory: "each partner's cost category"
        }
        lines.append("Flexibility:     \(scope) may exceed its budget by up to \(pack.flexibility.limit) [\(pack.flexibility.citation)]")
        lines.append("Reporting:       periods of \(pack.reportingPeriodMonths) months")
        let control = pack.control
        lines.append("Control sample:  " + control.riskRules.map(\.sentence).joined(separator: "; ")
            + "; then by monetary unit at \(control.confidence.label) confidence, \(control.tolerable) tolerable error; "
            + "materiality \(control.materiality) [\(control.citation)]")
        lines.append("Error typology:  " + control.typology.map(\.reason.rawValue).joined(separator: ", "))
        let hanging = String(repeating: " ", count: 17)
        return lines.flatMap { line in line.count <= 80 ? [line] : TextLayout.wrapped(line, width: 80, indent: "", hanging: hanging) }
            .joined(separator: "\n") + "\n"
    }
}
