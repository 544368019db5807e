/// What one line rule finds on one line, before the precedence decides how much it carries.
struct LineVerdict {
    /// How much of a line a rule finds ineligible, given the part of the line the rules before
    /// it left (`remaining`).
    enum Ineligible {
        /// All that remains.
        case all
        /// At most this much (a repeated invoice's excess).
        case upTo(Money)
        /// The remaining amount is worth `right ÷ applied` of itself (a conversion at the wrong
        /// rate); the difference, rounded half-up, is ineligible when positive.
        case rescaled(right: Money, applied: Money)
        /// What remains above this amount (recoverable VAT: above the net).
        case above(Money)
    }

    let rule: AuditRule
    let detail: AuditDetail
    let citation: String
    let ineligible: Ineligible
}

extension Audit {
    /// The order in which line rules take their part of a line that breaks several: a cost that
    /// is ineligible by its dates is ineligible whole; of what is left, the difference a wrong
    /// exchange rate makes; of that, at the right rate, what is declared above the net of a
    /// partner that recovers VAT; of what is left, the part of a repeated invoice beyond its
    /// gross. So the findings on a line add up to what is ineligible on it, and no euro is
    /// deducted twice (README: Corrections).
    public static let lineRulePrecedence: [AuditRule] = [
        .outsideProjectPeriod, .unpaid, .paidAfterDeclaration, .conversionRate, .recoverableVAT,
        .duplicateInReport, .duplicateAcrossReports, .duplicateAcrossPartners,
    ]

    /// Every line rule on every live expenditure line, each finding carrying its part of the
    /// line under `lineRulePrecedence`.
    func lineFindings() throws(MoneyError) -> [AuditFinding] {
        let repeats = try repeatVerdicts()
        var found: [AuditFinding] = []
        for line in liveExpenditure {
            var verdicts = eligibilityVerdicts(line)
            if let conversion = try conversionVerdict(line) { verdicts.append(conversion) }
            if let vat = try recoverableVATVerdict(line) { verdicts.append(vat) }
            if let repeated = repeats[line.entry.sequence] { verdicts.append(repeated) }
            precondition(verdicts.map { Self.lineRulePrecedence.firstIndex(of: $0.rule)! }.isSorted, "Line rules carry in precedence")
            found += try carry(verdicts, on: line)
        }
        return found
    }

    /// The findings of `verdicts` on `line`, each on what the ones before it left.
    private func carry(_ verdicts: [LineVerdict], on line: LedgerLine) throws(MoneyError) -> [AuditFinding] {
        let declared = line.line.declaredEuros
        var remaining = declared
        var found: [AuditFinding] = []
        for verdict in verdicts {
            let ineligible = try amount(verdict.ineligible, of: remaining)
            // A conversion that understates the amount is still a wrong rate, but nothing is over-claimed.
            let correction = max(ineligible, .zero(.euro))
            found.append(AuditFinding(rule: verdict.rule, severity: .error, place: place(line),
                                      amounts: try AuditAmounts(expected: remaining.subtracting(ineligible), found: remaining),
                                      detail: verdict.detail, citation: verdict.citation, correction: correction,
                                      takenBeforeOnLine: try declared.subtracting(remaining)))
            remaining = try remaining.subtracting(correction)
        }
        return found
    }

    private func amount(_ ineligible: LineVerdict.Ineligible, of remaining: Money) throws(MoneyError) -> Money {
        switch ineligible {
        case .all:
            return remaining
        case .upTo(let limit):
            return max(.zero(.euro), min(remaining, limit))
        case .rescaled(let right, let applied):
            guard let scale = Ratio(right, of: applied) else { return .zero(.euro) }
            return try remaining.subtracting(try scale.of(remaining, rounding: .halfUp))
        case .above(let eligible):
            return max(.zero(.euro), try remaining.subtracting(eligible))
        }
    }
}

private extension Array where Element == Int {
    var isSorted: Bool { zip(self, dropFirst()).allSatisfy { $0 <= $1 } }
}
