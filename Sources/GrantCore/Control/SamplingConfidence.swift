/// The confidence a controller samples at, with the reliability factors of monetary-unit sampling:
/// the Poisson upper limits of the number of errors at that confidence for 0, 1, 2, … errors found
/// (the factors of the European Commission's guidance on sampling methods for audit authorities
/// and of every audit sampling text), in hundredths so that every figure stays exact.
public enum SamplingConfidence: Int, CaseIterable, Sendable {
    case ninety = 90
    case ninetyFive = 95
    case ninetyNine = 99

    /// The reliability factors for 0 to 10 errors, in hundredths (3.00 is 300).
    public var factorHundredths: [Int64] {
        switch self {
        case .ninety: [231, 389, 533, 668, 799, 927, 1054, 1178, 1300, 1421, 1541]
        case .ninetyFive: [300, 475, 630, 776, 916, 1052, 1185, 1315, 1443, 1570, 1696]
        case .ninetyNine: [461, 664, 841, 1005, 1161, 1312, 1458, 1601, 1741, 1878, 2014]
        }
    }

    /// The reliability factor for `errors` errors, in hundredths. Beyond the table each further
    /// error adds the table's last step, which is larger than the true step (the steps shrink as
    /// errors grow), so the upper limit is never understated.
    public func factor(errors: Int) -> Int64 {
        let table = factorHundredths
        guard errors >= table.count else { return table[max(errors, 0)] }
        let lastStep = table[table.count - 1] - table[table.count - 2]
        return table[table.count - 1] + Int64(errors - table.count + 1) * lastStep
    }

    /// The confidence as a control report states it, e.g. "95%".
    public var label: String { "\(rawValue)%" }

    /// The confidence named by `text` ("95", "95%"); nil for one without a table here.
    public init?(text: String) {
        let digits = text.hasSuffix("%") ? String(text.dropLast()) : text
        guard let value = Int(digits), let found = SamplingConfidence(rawValue: value) else { return nil }
        self = found
    }
}
