extension Audit {
    /// Whether any of the audit's line-by-line rules could flag a euro expenditure line, asked
    /// without building the line: a fast reader of a large folder screens each line with it, and
    /// only when no line could be flagged does it audit the sums alone (`Audit(spend:)`).
    ///
    /// It must answer true for every line that `eligibilityVerdicts` or `recoverableVATVerdict`
    /// would flag (`conversionVerdict` looks only at lines with an exchange rate, not euro lines;
    /// duplicates and flat-rate recomputation need other lines, and are the reader's to rule
    /// out). Erring towards true costs only speed: the reader then reads the folder in full.
    public struct LineScreen: Sendable {
        private let projectStart: CalendarDate
        private let projectEnd: CalendarDate
        private let rule: EligibilityRule
        /// The day the batch was submitted: the declaration date of all its lines.
        private let submitted: CalendarDate
        /// Whether a recoverable-VAT finding is possible for each partner, by position in `grant.partners`.
        private let vatIneligible: [Bool]

        public init(grant: Grant, pack: RulePack, submitted: CalendarDate) {
            projectStart = grant.project.start
            projectEnd = grant.project.end
            rule = pack.eligibility
            self.submitted = submitted
            vatIneligible = grant.partners.map { pack.eligibility.recoverableVATIneligible && $0.vatRecoverable }
        }

        /// Whether a line rule could flag this line of the partner at position `partner` in
        /// `grant.partners`; amounts are in euro cents.
        public func mayFlag(partner: Int, invoiceDate: CalendarDate, paymentDate: CalendarDate?,
                            netCents: Int64, vatCents: Int64, declaredCents: Int64) -> Bool {
            if rule.withinProjectPeriod {
                if invoiceDate < projectStart || invoiceDate > projectEnd { return true }
                if let paymentDate, paymentDate < projectStart || paymentDate > projectEnd { return true }
            }
            if rule.paidBeforeClaim {
                guard let paymentDate, paymentDate <= submitted else { return true }
            }
            return vatIneligible[partner] && vatCents != 0 && declaredCents > netCents
        }
    }
}
