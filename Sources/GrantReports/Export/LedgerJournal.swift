import GrantCore

/// The ledger as a plain-text accounting journal (ledger-cli and hledger read it), so users can
/// take their data to those tools: one transaction per expenditure or reversal entry, from
/// `funding:PARTNER` to `expenses:PARTNER:CATEGORY`, in euro with every decimal. The journal's
/// balance equals the ledger's net declared spend to the cent.
public struct LedgerJournal: Sendable {
    public let grant: Grant
    public let lines: [LedgerLine]
    public let fingerprint: String

    public init(grant: Grant, lines: [LedgerLine], fingerprint: String) {
        self.grant = grant
        self.lines = lines
        self.fingerprint = fingerprint
    }

    public func text() -> String {
        var output = "; GrantLedger export of \(grant.project.code) \(grant.project.acronym)\n"
        output += "; Ledger state: \(fingerprint)\n"
        output += "; One transaction per expenditure or reversal entry; amounts are the euro declared.\n\n"
        output.reserveCapacity(lines.count * 160)
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
