/// A flat rate a programme offers: the most it may be, what it is a percentage of, whether a
/// call or project may choose a lower rate, and whether it excludes every other flat rate (the
/// 40% option of Reg. (EU) 2021/1060 Art. 56 pays for all costs other than staff). A project
/// states its choice (`FlatRateChoice`); a pack's own `flatRates` apply when it states none.
public struct FlatRateOption: Hashable, Sendable {
    public let id: String
    /// The category the flat rate pays for.
    public let category: String
    public let maximum: Rate
    public let base: FlatRateBase
    public let lowerRateAllowed: Bool
    public let exclusive: Bool
    public let citation: String

    public init(id: String, category: String, maximum: Rate, base: FlatRateBase, lowerRateAllowed: Bool, exclusive: Bool,
                citation: String) {
        precondition(maximum.hundredMillionths > 0 && maximum.hundredMillionths <= Limits.flatRatePercentMax * (Rate.scale / 100),
                     "A flat-rate option's maximum is above 0 and at most \(Limits.flatRatePercentMax)%")
        self.id = id
        self.category = category
        self.maximum = maximum
        self.base = base
        self.lowerRateAllowed = lowerRateAllowed
        self.exclusive = exclusive
        self.citation = citation
    }

    /// The option at `rate`, rounded down to the cent as monitoring systems do.
    public func at(_ rate: Rate) -> FlatRate {
        FlatRate(id: id, category: category, rate: rate, base: base, rounding: .down, citation: citation, coversAllOtherCosts: exclusive)
    }
}

/// A project's choice of a flat-rate option and its rate.
public struct FlatRateChoice: Hashable, Sendable {
    public let optionID: String
    public let rate: Rate

    public init(optionID: String, rate: Rate) {
        self.optionID = optionID
        self.rate = rate
    }
}

extension RulePack {
    /// The pack with `choices` as its flat rates in place of its own; why not, when an option is
    /// unknown, a rate above its maximum (or below it where no lower rate is allowed), or the
    /// combination forbidden. No choice keeps the pack's flat rates.
    public func choosing(_ choices: [FlatRateChoice]) -> Result<RulePack, FlatRateRefusal> {
        guard !choices.isEmpty else { return .success(self) }
        var chosen: [(option: FlatRateOption, rate: Rate)] = []
        for choice in choices {
            guard let option = flatRateOptions.first(where: { $0.id == choice.optionID }) else {
                let known = flatRateOptions.isEmpty ? "it offers none"
                    : "its options are " + flatRateOptions.map(\.id).joined(separator: ", ")
                return .failure(FlatRateRefusal("\(id) has no flat-rate option \"\(choice.optionID)\"; \(known)"))
            }
            if choice.rate > option.maximum || choice.rate.hundredMillionths == 0 {
                return .failure(FlatRateRefusal("\(option.id) at \(choice.rate): the rate is above 0 and at most \(option.maximum) "
                    + "[\(option.citation)]"))
            }
            if choice.rate < option.maximum, !option.lowerRateAllowed {
                return .failure(FlatRateRefusal("\(option.id) at \(choice.rate): the pack fixes it at \(option.maximum); no lower rate "
                    + "may be chosen [\(option.citation)]"))
            }
            chosen.append((option, choice.rate))
        }
        if let refusal = FlatRateRefusal.combination(chosen.map { ($0.option.id, $0.option.category, $0.option.exclusive) }) {
            return .failure(refusal)
        }
        return .success(replacingFlatRates(chosen.map { $0.option.at($0.rate) }))
    }

    private func replacingFlatRates(_ rates: [FlatRate]) -> RulePack {
        RulePack(id: id, name: name, costCategories: costCategories, coFinancing: coFinancing, flatRates: rates,
                 eligibility: eligibility, conversion: conversion, flexibility: flexibility, reportingPeriodMonths: reportingPeriodMonths,
                 control: control, flatRateOptions: flatRateOptions)
    }
}

/// Why flat rates cannot be taken as given.
public struct FlatRateRefusal: Error, Hashable, Sendable {
    public let message: String

    init(_ message: String) { self.message = message }

    /// Why flat rates `rates` (id, the category each pays for, whether it excludes all others)
    /// cannot go together, or nil: a category is paid by one flat rate at most (so office and
    /// administration on staff costs and on other direct costs exclude each other, Reg. (EU)
    /// 2021/1060 Art. 54), and an exclusive option goes with no other (Art. 56(1)).
    public static func combination(_ rates: [(id: String, category: String, exclusive: Bool)]) -> FlatRateRefusal? {
        for (index, rate) in rates.enumerated() {
            if let other = rates[..<index].first(where: { $0.category == rate.category }) {
                return FlatRateRefusal("\(other.id) and \(rate.id) both pay for \(rate.category): a category is paid by one flat rate "
                    + "at most (office and administration on staff costs or on other direct costs, not both; "
                    + "Reg. (EU) 2021/1060 Art. 54)")
            }
            if rates.count > 1, rate.exclusive {
                let others = rates.filter { $0.id != rate.id }.map(\.id).joined(separator: ", ")
                return FlatRateRefusal("\(rate.id) goes with no other flat rate, and is combined with \(others): it pays for all "
                    + "costs other than staff (Reg. (EU) 2021/1060 Art. 56(1))")
            }
        }
        return nil
    }
}
