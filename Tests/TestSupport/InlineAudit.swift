import GrantCore

extension InlineProject {
    /// The audit of `lines` on `grant`, imports submitted on `submitted` (batch 1, 2, …), with
    /// monthly `rates` written `CUR YYYY-MM units-per-euro`.
    public static func audit(_ grant: Grant, _ lines: [LedgerLine], submitted: [String] = ["2025-07-10", "2025-12-20"],
                             rates: [String]? = nil) throws -> [AuditFinding] {
        var table: RateTable?
        if let rates {
            var filled = RateTable()
            for text in rates {
                let parts = text.split(separator: " ").map(String.init)
                let month = parts[1].split(separator: "-").compactMap { Int($0) }
                filled.add(try ExchangeRate(currency: Currency(code: parts[0])!, text: parts[2]), year: month[0], month: month[1])
            }
            table = filled
        }
        return try Audit(grant: grant, pack: grant.programme.rulePack, lines: lines, batches: batches(submitted), rates: table).findings()
    }

    /// Findings as `rule place: expected found difference correction`, one a line, for exact comparison.
    public static func rows(_ findings: [AuditFinding]) -> [String] {
        findings.map { finding in
            let place = finding.place.entry.map { "entry \($0)" }
                ?? [finding.place.partnerID, finding.place.categoryID, finding.place.periodNumber.map(String.init)].compactMap { $0 }
                    .joined(separator: " ")
            let amounts = finding.amounts.map { [AmountFormat.plain($0.expected), AmountFormat.plain($0.found),
                                                 AmountFormat.plain($0.difference)] }
                ?? ["-", "-", "-"]
            return "\(finding.severity.rawValue) "
                + "\(finding.rule.rawValue) \(place): " + (amounts + [AmountFormat.plain(finding.correction)]).joined(separator: " ")
        }
    }
}

extension AmountFormat {
    /// `1234.50`, `-0.01`: an amount as a test row writes it.
    static func plain(_ money: Money) -> String {
        let magnitude = money.minorUnits.magnitude
        let cents = magnitude % 100
        return (money.isNegative ? "-" : "") + "\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }
}
