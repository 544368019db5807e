import GrantCore

/// The ledger as a plain-text accounting journal (ledger-cli and hledger read it), so users can
/// take their data to those tools: one transaction per expenditure or reversal entry, from
/// `funding:PARTNER` to `expenses:PARTNER:CATEGORY`, in euro with every decimal. The journal's
/// balance equals the ledger's net declared spend to the cent. The approved budget comes first,
/// as one periodic transaction per reporting period, for `ledger budget` and
/// `hledger balance --budget`; a balance report leaves it out.
public struct LedgerJournal: Sendable {
    public let grant: Grant
    public let lines: [LedgerLine]
    public let fingerprint: String

    public init(grant: Grant, lines: [LedgerLine], fingerprint: String) {
        self.grant = grant
        self.lines = lines
        self.fingerprint = fingerprint
    }

    public func text() throws(MoneyError) -> String {
        var output = "; GrantLedger export of \(grant.project.code) \(grant.project.acronym)\n"
        output += "; Ledger state: \(fingerprint)\n"
        output.reserveCapacity(lines.count * 160)
        output += try budget()
        output += "; One transaction per expenditure or reversal entry; amounts are the euro declared.\n\n"
        for line in lines {
            let expenditure = line.line
            let date = expenditure.paymentDate ?? expenditure.invoiceDate
            let payee = Self.clean("\(expenditure.invoiceNumber) \(expenditure.supplier)")
            let amount = AmountFormat.plain.format(line.euros)
            let account = "expenses:\(Self.clean(expenditure.partnerID)):\(Self.clean(expenditure.categoryID))"
            output += "\(date) \(payee)\n"
            output += "    ; entry \(line.entry.sequence), period \(line.periodNumber)\n"
            output += "    \(account)  \(amount) EUR\n"
            output += "    funding:\(Self.clean(expenditure.partnerID))\n\n"
        }
        return output
    }

    /// The approved budget: for each reporting period a periodic transaction that recurs once, on
    /// the period's first day (its interval is the period's length in days, its span the period),
    /// budgeting each partner's categories (all funding sources together) against `funding:PARTNER`.
    func budget() throws(MoneyError) -> String {
        var output = "; The approved budget, one periodic transaction per reporting period (ledger budget, hledger balance --budget).\n\n"
        for period in grant.reportingPeriods {
            var days = 1
            var day = period.start
            while day < period.end {
                day = day.nextDay
                days += 1
            }
            output += "~ every \(days) days from \(period.start) to \(period.end.nextDay)\n"
            output += "    ; budget of reporting period \(period.number)\n"
            for partner in grant.partners {
                let partnerLines = grant.budgetLines.filter { $0.partnerID == partner.id && $0.periodNumber == period.number }
                guard !partnerLines.isEmpty else { continue }
                for category in grant.costCategories {
                    let amounts = partnerLines.filter { $0.categoryID == category.id }.map(\.amount)
                    guard !amounts.isEmpty else { continue }
                    let total = try Money.sum(amounts, currency: grant.project.currency)
                    output += "    expenses:\(Self.clean(partner.id)):\(Self.clean(category.id))  \(AmountFormat.plain.format(total)) EUR\n"
                }
                let funding = try Money.sum(partnerLines.map(\.amount), currency: grant.project.currency)
                output += "    funding:\(Self.clean(partner.id))  \(AmountFormat.plain.format(funding.negated)) EUR\n"
            }
            output += "\n"
        }
        return output
    }

    /// Text a journal line can hold: no line breaks, no semicolons or double spaces, which the
    /// journal formats read as comments or separators.
    static func clean(_ text: String) -> String {
        var result = ""
        var previousSpace = false
        for character in text {
            let replaced: Character = (character == "\n" || character == "\r" || character == "\t" || character == ";") ? " " : character
            if replaced == " " {
                if previousSpace { continue }
                previousSpace = true
            } else {
                previousSpace = false
            }
            result.append(replaced)
        }
        return result
    }
}
