extension Money {
    /// Splits this amount over `weights` by largest remainder: each part gets its share rounded
    /// down, and the cents left over go one each to the parts with the largest remainders; a tie
    /// goes to the earlier part. The parts always add up to this amount exactly.
    ///
    /// A negative amount is split as its magnitude and the parts negated, so signs never mix.
    public func allocated(overWeights weights: [Int64]) throws(AllocationError) -> [Money] {
        guard !weights.isEmpty else { throw .noParts }
        guard weights.count <= Limits.allocationPartsMax else { throw .tooManyParts(weights.count) }
        if let index = weights.firstIndex(where: { $0 < 0 }) { throw .negativeWeight(index: index) }
        let totalWeight = weights.reduce(Int128(0)) { $0 + Int128($1) }
        guard totalWeight > 0 else { throw .zeroTotalWeight }

        let magnitude = Int128(minorUnits.magnitude)
        var parts: [Int128] = []
        var remainders: [Int128] = []
        parts.reserveCapacity(weights.count)
        remainders.reserveCapacity(weights.count)
        for weight in weights {
            let exact = magnitude * Int128(weight)
            parts.append(exact / totalWeight)
            remainders.append(exact % totalWeight)
        }
        let leftover = Int(magnitude - parts.reduce(0, +))
        let byRemainder = remainders.indices.sorted { left, right in
            remainders[left] != remainders[right] ? remainders[left] > remainders[right] : left < right
        }
        for index in byRemainder.prefix(leftover) { parts[index] += 1 }

        let sign: Int64 = minorUnits < 0 ? -1 : 1
        return parts.map { Money(unchecked: sign * Int64($0), currency: currency) }
    }

    /// Splits this amount over `rates` (e.g. 85% and 15%) by largest remainder, as
    /// `allocated(overWeights:)` does; the rates need not add up to 100%.
    public func allocated(overRates rates: [Rate]) throws(AllocationError) -> [Money] {
        try allocated(overWeights: rates.map(\.hundredMillionths))
    }
}

/// Why an amount could not be split.
public enum AllocationError: Error, Equatable, Sendable {
    case noParts
    case tooManyParts(Int)
    case negativeWeight(index: Int)
    case zeroTotalWeight
}
