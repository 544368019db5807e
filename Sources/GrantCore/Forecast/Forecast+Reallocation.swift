extension Forecast {
    /// Proposes budget moves between one partner's cost categories, from lines projected to
    /// underspend to lines projected to overspend beyond the pack's flexibility limit, so that
    /// afterwards every line's projection is within the limit of its new budget. Each partner's
    /// total (and so the programme funds) stays as approved, and a giving line keeps at least
    /// its own projection. What the moves cannot cover is left for a formal change request.
    /// Deterministic: the largest needs are served first from the largest slack, ties in the
    /// grant's order.
    public func reallocation() throws(MoneyError) -> Reallocation {
        let projections = try projections()
        let limit = pack.flexibility.limit
        var moves: [BudgetMove] = []
        var after: [String: Money] = [:]  // partner \u{1F} category → budget after the moves
        var unmet: [(partnerID: String, categoryID: String, amount: Money)] = []
        for partner in grant.partners {
            let mine = projections.filter { $0.partnerID == partner.id }
            for line in mine { after[Self.key(line)] = line.budget }
            var slack: [(LineProjection, Money)] = []
            var needs: [(LineProjection, Money)] = []
            for line in mine {
                let need = try line.budgetNeeded(within: limit).subtracting(line.budget)
                if need.minorUnits > 0 { needs.append((line, need)) }
                let spare = try line.budget.subtracting(line.projected)
                if spare.minorUnits > 0 { slack.append((line, spare)) }
            }
            needs = Self.largestFirst(needs)
            slack = Self.largestFirst(slack)
            for (receiver, need) in needs {
                var remaining = need
                for index in slack.indices where remaining.minorUnits > 0 {
                    let (giver, spare) = slack[index]
                    let amount = min(remaining, spare)
                    guard amount.minorUnits > 0 else { continue }
                    moves.append(BudgetMove(partnerID: partner.id, from: giver.categoryID, to: receiver.categoryID, amount: amount))
                    slack[index].1 = try spare.subtracting(amount)
                    after[Self.key(giver)] = try after[Self.key(giver)]!.subtracting(amount)
                    after[Self.key(receiver)] = try after[Self.key(receiver)]!.adding(amount)
                    remaining = try remaining.subtracting(amount)
                }
                if remaining.minorUnits > 0 { unmet.append((partner.id, receiver.categoryID, remaining)) }
            }
        }
        let lines = projections.map { line in
            ReallocatedLine(partnerID: line.partnerID, categoryID: line.categoryID, before: line.budget,
                            after: after[Self.key(line)] ?? line.budget, projected: line.projected)
        }
        return Reallocation(moves: moves, lines: lines, formalChangeNeeded: unmet.map {
            FormalChange(partnerID: $0.partnerID, categoryID: $0.categoryID, amount: $0.amount)
        })
    }

    static func key(_ line: LineProjection) -> String { line.partnerID + "\u{1F}" + line.categoryID }

    /// Largest amount first; equal amounts keep the grant's order.
    private static func largestFirst(_ items: [(LineProjection, Money)]) -> [(LineProjection, Money)] {
        items.enumerated().sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }.map(\.element)
    }
}

/// The proposal: the moves, every line's budget before and after, and what still needs a
/// formal change request.
public struct Reallocation: Hashable, Sendable {
    public let moves: [BudgetMove]
    public let lines: [ReallocatedLine]
    public let formalChangeNeeded: [FormalChange]
}

/// Budget moved from one of a partner's categories to another.
public struct BudgetMove: Hashable, Sendable {
    public let partnerID: String
    public let from: String
    public let to: String
    public let amount: Money
}

/// A partner × category's budget before and after the proposed moves.
public struct ReallocatedLine: Hashable, Sendable {
    public let partnerID: String
    public let categoryID: String
    public let before: Money
    public let after: Money
    public let projected: Money
}

/// Projected overspend the moves cannot cover within the flexibility limit.
public struct FormalChange: Hashable, Sendable {
    public let partnerID: String
    public let categoryID: String
    public let amount: Money
}

extension LineProjection {
    /// The smallest budget whose flexibility limit covers the projection: projected ÷ (1 + limit),
    /// rounded up to the cent.
    public func budgetNeeded(within limit: Rate) throws(MoneyError) -> Money {
        let value = RoundingMode.ceiling.divide(Int128(projected.minorUnits) * Int128(Rate.scale), by: Int128(Rate.scale + limit.hundredMillionths))
        return try Money(minorUnits: Int64(value), currency: projected.currency)
    }
}
