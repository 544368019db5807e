import GrantKeys
import GrantCore
import GrantStore

/// `grantledger record-payment PARTNER AMOUNT`: programme funds received for a partner.
struct RecordPaymentCommand {
    static let name = "record-payment"

    static let help = """
    Usage: grantledger record-payment PARTNER AMOUNT --date DATE [--note TEXT] [--again] [--project CODE]
                                      [--db PATH] [--author NAME]

    Records programme funds received for PARTNER (its id in project.json) as a ledger entry:
    the payment claim report shows them against what was claimed.

    Options:
      --date DATE        the day the money arrived (YYYY-MM-DD; required)
      --note TEXT        e.g. the programme's payment reference
      --again            record it even if the same payment (partner, day, amount, note) is
                         recorded already; without it such a repeat is refused, so a rerun
                         of an interrupted command cannot record the money twice
      --project CODE     the project (default: the ledger's only project)
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 recorded; 2 bad usage, unknown partner or a payment recorded already;
    4 database failure.

    Example:
      grantledger record-payment LP 25000.00 --date 2018-03-20 --note "Payment 1"
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: LedgerAccess.options.union(["date", "note", "project"]),
                                   flagNames: ["again"])
        guard parsed.positionals.count == 2 else { throw .usage("record-payment takes a partner and an amount", command: name) }
        let (partner, amountText) = (parsed.positionals[0], parsed.positionals[1])
        let amount: Money
        do {
            amount = try AmountParser(decimalMark: .point, currency: .euro).parse(amountText)
        } catch {
            throw .usage("\(amountText) is not an amount: \(error.problem); expected e.g. 25000.00", command: name)
        }
        guard let dateText = parsed.value("date") else { throw .usage("record-payment needs --date YYYY-MM-DD", command: name) }
        guard let date = CalendarDate(text: dateText) else { throw .usage("--date \(dateText) is not a date; expected YYYY-MM-DD", command: name) }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let payment = PaymentReceived(partnerID: partner, amount: amount, date: date, note: parsed.value("note") ?? "")
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let entry = try LedgerAccess.run { () throws(StoreError) in
            try store.recordPayment(payment, projectCode: code, by: authorship, again: parsed.flag("again"))
        }
        session.console.write("Entry \(entry.sequence): \(AmountFormat.en.format(amount)) EUR of programme funds received for \(partner) on \(date), recorded by \(entry.author).\n")
        return .success
    }
}
