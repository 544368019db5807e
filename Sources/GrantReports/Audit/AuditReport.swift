import GrantCore

/// The content of `grantledger check` on a ledger project: every audit finding in words,
/// grouped by severity and rule, with the amounts and citations.
public struct AuditReport: Sendable {
    public let grant: Grant
    public let pack: RulePack
    public let findings: [AuditFinding]
    /// The number of expenditure and reversal entries checked.
    public let entriesChecked: Int
    /// The checks that could not be made, by rule and line.
    public let unchecked: [UncheckedCheck]
    /// The ledger state checked (`entry N, SHA-256 …` in full), for a ledger; nil for a folder.
    public let ledgerState: String?

    public init(grant: Grant, pack: RulePack, findings: [AuditFinding], entriesChecked: Int, unchecked: [UncheckedCheck] = [],
                ledgerState: String? = nil) {
        self.grant = grant
        self.pack = pack
        self.findings = findings
        self.entriesChecked = entriesChecked
        self.unchecked = unchecked
        self.ledgerState = ledgerState
    }

    /// Why a check could not be made, in words.
    func reason(_ check: UncheckedCheck) -> String {
        switch check.reason {
        case .noRateTable(let currency):
            "a \(currency.code) line: its exchange rate is not checked, as no rate table was given (--rates) or recorded by its import"
        case .noRateForMonth(let currency, let month):
            "a \(currency.code) line: its exchange rate is not checked, as the rate table has no \(currency.code) rate "
                + "for \(String(month.description.prefix(7)))"
        case .monthUnknown(let currency):
            "a \(currency.code) line: its exchange rate is not checked, as the month of its submission is not known"
        }
    }

    /// The report without the findings on the approved budget itself, for a folder check that
    /// lists those once in its own part.
    var withoutApprovedBudget: AuditReport {
        let approvedBudget: Set<AuditRule> = [.approvedSourcesVersusTotal, .approvedAboveCap, .budgetLinesVersusApproved]
        return AuditReport(grant: grant, pack: pack, findings: findings.filter { !approvedBudget.contains($0.rule) },
                           entriesChecked: entriesChecked, unchecked: unchecked, ledgerState: ledgerState)
    }

    /// The number of findings of `severity`.
    public func count(_ severity: AuditSeverity) -> Int { findings.filter { $0.severity == severity }.count }

    /// What the findings take off the claim: their corrections added up per partner (in the
    /// grant's order, partners with none left out), for findings of no partner (a category over
    /// its flexibility across partners), and for the project: always the sum of the findings shown.
    public func corrections() -> (rows: [(label: String, amount: Money)], project: Money) {
        var rows: [(String, Money)] = []
        var project = Money.zero(.euro)
        func add(_ label: String, _ findings: [AuditFinding]) {
            let sum = findings.reduce(Int64(0)) { $0 + $1.correction.minorUnits }
            guard sum != 0, let amount = try? Money(minorUnits: sum, currency: .euro) else { return }
            rows.append((label, amount))
            project = (try? project.adding(amount)) ?? project
        }
        for partner in grant.partners { add("partner \(partner.id)", findings.filter { $0.place.partnerID == partner.id }) }
        let known = Set(grant.partners.map(\.id))
        add("no single partner", findings.filter { $0.place.partnerID.map { !known.contains($0) } ?? true })
        return (rows, project)
    }

    /// The findings, errors first, then by rule in the pack's order of checks, then in ledger order.
    var ordered: [AuditFinding] {
        let ruleOrder = Dictionary(uniqueKeysWithValues: AuditRule.allCases.enumerated().map { ($1, $0) })
        return findings.enumerated().sorted { left, right in
            let (a, b) = (left.element, right.element)
            if a.severity != b.severity { return a.severity < b.severity }
            if a.rule != b.rule { return ruleOrder[a.rule]! < ruleOrder[b.rule]! }
            return left.offset < right.offset
        }.map(\.element)
    }

    /// Where a finding applies, in words: `entry 40 (line 17 of its file), partner PP2, equipment, period 2`.
    func place(_ place: AuditPlace) -> String {
        var parts: [String] = []
        if let entry = place.entry { parts.append("entry \(entry)" + (place.line.map { " (line \($0) of its file)" } ?? "")) }
        if place.entry == nil, let file = place.file { parts.append("\(file)" + (place.line.map { " line \($0)" } ?? "")) }
        if let partner = place.partnerID { parts.append("partner \(partner)") }
        if let category = place.categoryID { parts.append(category) }
        if let period = place.periodNumber { parts.append("period \(period)") }
        return parts.isEmpty ? "project" : parts.joined(separator: ", ")
    }

    /// What is wrong and what to do, in a finance officer's words.
    func message(_ finding: AuditFinding) -> String {
        let format = AmountFormat.en
        let amount = finding.amounts.map { format.format($0.found) } ?? ""
        switch finding.detail {
        case .outsideProjectPeriod(let dates, let start, let end):
            let when = dates.map { "\($0.which) on \($0.date)" }.joined(separator: " and ")
            return "\(when), outside the project period \(start) to \(end): the \(amount) EUR declared is not "
                + "eligible; remove the line or correct the date"
        case .recoverableVAT(let vat, let net):
            guard let amounts = finding.amounts else { return "" }
            return "the partner recovers its VAT, yet \(format.format(vat)) \(vat.currency) VAT is declared: only the "
                + "net \(format.format(net)) EUR is eligible, \(format.format(amounts.difference)) EUR is not; declare the net amount"
        case .conversionRate(let used, let expected, let month, let which):
            guard let amounts = finding.amounts else { return "" }
            let monthText = String(month.description.prefix(7))
            let verdict = amounts.difference.isNegative
                ? "the amount is understated by \(format.format(amounts.difference.negated)); nothing is deducted"
                : "\(format.format(amounts.difference)) EUR is declared too much"
            return "converted at \(used) \(used.currency) per euro, but the rate for \(monthText) (the month of "
                + "\(which == .submission ? "submission" : "the invoice")) is \(expected): the "
                + "\(format.format(amounts.found)) EUR declared is worth \(format.format(amounts.expected)) EUR at "
                + "that rate (in proportion to the gross, rounded half-up); \(verdict)"
        case .paidAfterDeclaration(let payment, let declared):
            return "paid on \(payment), after it was declared on \(declared): a cost is eligible once paid; declare it in a report after the payment"
        case .duplicate(let invoice, let supplier, let earlier, let gross, let parts):
            guard let amounts = finding.amounts else { return "" }
            let list = earlier.count == 1 ? "entry \(earlier[0])"
                : "entries " + earlier.dropLast().map(String.init).joined(separator: ", ") + " and \(earlier.last!)"
            let scope = switch finding.rule {
            case .duplicateInReport: "in the same report"
            case .duplicateAcrossPartners: "by another partner"
            default: "in an earlier report"
            }
            let excess = format.format(amounts.difference)
            return "invoice \(invoice) of \(supplier) is already declared \(scope) (\(list)); its parts now add up to "
                + "\(format.format(parts)) EUR against a gross of \(format.format(gross)) EUR, so \(excess) EUR of the "
                + "\(amount) here is declared twice; reverse it unless the invoice's gross is larger"
        case .flatRate(let id, let base, let rate) where finding.rule == .flatRateNotRecomputed:
            guard let amounts = finding.amounts else { return id }
            return "certified at \(format.format(amounts.found)), but the \(id) flat rate on the certified base \(format.format(base)) is \(rate): \(format.format(amounts.expected)) (difference \(signed(amounts.difference))); control the flat-rate entry again so it follows its base"
        case .flatRate(let id, let base, let rate):
            guard let amounts = finding.amounts else { return id }
            let rounding = pack.flatRate(covering: finding.place.categoryID ?? "")?.rounding.phrase ?? ""
            if amounts.difference.isNegative {
                return "the \(id) flat rate is at most \(rate) of \(format.format(base)), \(rounding): "
                    + "\(format.format(amounts.expected)); \(format.format(amounts.found)) is declared, "
                    + "\(format.format(amounts.difference.negated)) less, which the rules allow"
            }
            return "the \(id) flat rate is \(rate) of \(format.format(base)), \(rounding): \(format.format(amounts.expected)); \(format.format(amounts.found)) is declared (difference \(signed(amounts.difference))). Declare the flat rate on its base: real costs in a flat-rate category are funded twice"
        case .coveredByFlatRate(let id, let rate):
            guard let amounts = finding.amounts else { return id }
            return "\(format.format(amounts.found)) EUR of real costs declared, which the \(id) flat rate at \(rate) pays for "
                + "already, with every cost outside its base: funded twice; declare only the base and the flat rate"
        case .flexibility(let budget, let limit, let deductedByLines):
            guard let amounts = finding.amounts else { return "" }
            let already = deductedByLines.isZero ? ""
                : "; \(format.format(deductedByLines)) of the spend here is already deducted by line findings, so "
                    + "\(format.format(finding.correction)) more comes off"
            return "net spend \(format.format(amounts.found)) is over the budget \(format.format(budget)) by more than "
                + "the \(limit) flexibility allows (at most \(format.format(amounts.expected))); the excess of "
                + "\(format.format(amounts.difference)) needs a formal budget change\(already)"
        case .programmeFunds(nil):
            guard let amounts = finding.amounts else { return "" }
            return "the partners' declared spend at their programme rates would draw \(format.format(amounts.found)) programme funds, above the project's \(format.format(amounts.expected)) approved by \(format.format(amounts.difference))"
        case .programmeFunds(let rate?):
            guard let amounts = finding.amounts else { return "" }
            let share = "\(format.format(rate.part)) ÷ \(format.format(rate.whole))"
            let shown = ReportLocale.en.percent(rate.displayHundredthsOfPercent)
            return "the declared spend at the partner's programme rate of \(share) (\(shown), rounded for display) "
                + "would draw \(format.format(amounts.found)) programme funds, above the "
                + "\(format.format(amounts.expected)) approved by \(format.format(amounts.difference))"
        case .unknownReference(let value, let known):
            let what = switch finding.rule {
            case .unknownPartner: "partner"
            case .unknownCategory: "cost category"
            default: "reporting period"
            }
            return "\(what) \"\(value)\" is not defined in the project (it has \(known.joined(separator: ", "))); the line is left out of every other check until it names one"
        case .approvedBudget(let source):
            guard let amounts = finding.amounts else { return "" }
            return ApprovedBudgetWording.sentence(finding.rule, expected: amounts.expected, found: amounts.found,
                                                  difference: amounts.difference, source: source, pack: pack)
        case .none:
            switch finding.rule {
            case .unpaid: return "no payment date: the \(amount) EUR declared is not eligible until it is paid; add the payment date or declare it later"
            default: return finding.rule.rawValue
            }
        }
    }

    /// The message, and on a line with several findings what the findings before took.
    func fullMessage(_ finding: AuditFinding) -> String {
        guard !finding.takenBeforeOnLine.isZero else { return message(finding) }
        return message(finding) + " (on what is left of the line: \(AmountFormat.en.format(finding.takenBeforeOnLine)) of it is "
            + "already deducted by the findings before this one)"
    }

    func signed(_ money: Money) -> String {
        AmountFormat.en.signed(money)
    }

    /// The report as text, at most `width` columns wide.
    public func text(width: Int = 80) -> String {
        let project = grant.project
        let notMade = "\(unchecked.count) check\(unchecked.count == 1 ? "" : "s") could not be made"
        var lines: [String] = []
        for line in [
            "GrantLedger check: ledger of \(project.code) \(project.acronym)",
            "Rule pack:  \(pack.id), \(pack.name)",
        ] + (ledgerState.map { ["Ledger:     \($0)"] } ?? []) + [
            "Checked:    \(entriesChecked) expenditure and reversal entries" + (unchecked.isEmpty ? "" : "; \(notMade) (see Not checked)"),
        ] { lines += TextLayout.wrapped(line, width: width, indent: "", hanging: "            ") }
        lines.append("")
        if findings.isEmpty && unchecked.isEmpty {
            lines += TextLayout.wrapped("Findings: none. Every entry is eligible, declared once, within its flat "
                + "rates, budget and approved funds.",
                                        width: width, indent: "", hanging: "  ")
        } else if findings.isEmpty {
            lines += TextLayout.wrapped("Findings: none in what was checked; \(notMade), listed under Not checked.",
                                        width: width, indent: "", hanging: "  ")
        } else {
            let notes = count(.note) == 0 ? "" : ", \(count(.note)) note\(count(.note) == 1 ? "" : "s")"
            lines.append("Findings: \(count(.error)) error\(count(.error) == 1 ? "" : "s"), \(count(.warning)) "
                + "warning\(count(.warning) == 1 ? "" : "s")\(notes)")
            var previousRule: AuditRule?
            for finding in ordered {
                if finding.rule != previousRule {
                    lines.append("")
                    lines += TextLayout.wrapped("\(finding.severity.rawValue.uppercased()) \(finding.rule.rawValue) [\(finding.citation)]",
                                                width: width, indent: "", hanging: "  ")
                    previousRule = finding.rule
                }
                lines += TextLayout.wrapped("- \(place(finding.place)): "
                    + "\(fullMessage(finding))", width: width, indent: "  ", hanging: "    ")
            }
        }
        lines += uncheckedLines(width: width)
        lines += correctionLines(width: width)
        lines.append("")
        let errors = count(.error)
        let result = errors == 0 ? "Result: no errors" + (unchecked.isEmpty ? "." : " in what was checked; \(notMade).")
            : "Result: \(errors) error\(errors == 1 ? "" : "s") to put right before the claim" + (unchecked.isEmpty ? "." : "; \(notMade).")
        lines += TextLayout.wrapped(result, width: width, indent: "", hanging: "  ")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The checks not made, by rule and line: empty when every check was made.
    private func uncheckedLines(width: Int) -> [String] {
        guard !unchecked.isEmpty else { return [] }
        var lines: [String] = []
        var previousRule: AuditRule?
        for check in unchecked {
            if check.rule != previousRule {
                lines += ["", "NOT CHECKED \(check.rule.rawValue)"]
                previousRule = check.rule
            }
            lines += TextLayout.wrapped("- \(place(check.place)): \(reason(check))", width: width, indent: "  ", hanging: "    ")
        }
        return lines
    }

    /// The corrections block of the text report: empty when nothing is to be deducted.
    private func correctionLines(width: Int) -> [String] {
        let (rows, project) = corrections()
        guard !rows.isEmpty else { return [] }
        var lines = ["", "Correction: the declared expenditure the errors above take off the claim, each euro once (README: Corrections)"]
        lines = lines.flatMap { $0.isEmpty ? [$0] : TextLayout.wrapped($0, width: width, indent: "", hanging: "  ") }
        let labelWidth = max(20, (rows.map(\.label.count) + ["Project".count]).max()! + 2)
        for (label, amount) in rows + [(label: "project", amount: project)] {
            let text = AmountFormat.en.format(amount)
            lines.append("  " + label.padding(labelWidth) + String(repeating: " ", count: max(1, 14 - text.count)) + text)
        }
        return lines
    }

    /// The report's data as JSON.
    public func json() -> String { jsonValue().rendered() }

    func jsonValue() -> JSONValue {
        JSONValue.object([
            ("report", .string("ledger-check")),
            ("project", .string(grant.project.code)),
            ("rulePack", .string(pack.id)),
            ("ledgerState", .optional(ledgerState)),
            ("entriesChecked", .integer(Int64(entriesChecked))),
            ("findings", .array(ordered.map { finding in
                JSONValue.object([
                    ("severity", .string(finding.severity.rawValue)),
                    ("rule", .string(finding.rule.rawValue)),
                    ("entry", finding.place.entry.map { .integer($0) } ?? .null),
                    ("file", .optional(finding.place.file)),
                    ("line", finding.place.line.map { .integer(Int64($0)) } ?? .null),
                    ("partner", .optional(finding.place.partnerID)),
                    ("category", .optional(finding.place.categoryID)),
                    ("period", finding.place.periodNumber.map { .integer(Int64($0)) } ?? .null),
                    ("message", .string(fullMessage(finding))),
                    ("expected", BudgetTableCheck.amountJSON(finding.amounts?.expected)),
                    ("found", BudgetTableCheck.amountJSON(finding.amounts?.found)),
                    ("difference", BudgetTableCheck.amountJSON(finding.amounts?.difference)),
                    ("citation", .string(finding.citation)),
                    ("correction", BudgetTableCheck.amountJSON(finding.correction)),
                ])
            })),
            ("corrections", .object([
                ("rows", .array(corrections().rows.map { row in
                    JSONValue.object([("label", .string(row.label)), ("amount", BudgetTableCheck.amountJSON(row.amount))])
                })),
                ("project", BudgetTableCheck.amountJSON(corrections().project)),
            ])),
            ("unchecked", .array(unchecked.map { check in
                JSONValue.object([
                    ("rule", .string(check.rule.rawValue)),
                    ("entry", check.place.entry.map { .integer($0) } ?? .null),
                    ("line", check.place.line.map { .integer(Int64($0)) } ?? .null),
                    ("partner", .optional(check.place.partnerID)),
                    ("message", .string(reason(check))),
                ])
            })),
            ("errors", .integer(Int64(count(.error)))),
            ("warnings", .integer(Int64(count(.warning)))),
            ("notes", .integer(Int64(count(.note)))),
        ])
    }
}

private extension String {
    /// The text padded with spaces to `width` characters.
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(0, width - count)) }
}
