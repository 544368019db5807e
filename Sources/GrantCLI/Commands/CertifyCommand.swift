import GrantKeys
import GrantCore
import GrantReports
import GrantStore

/// `grantledger certify ENTRY`: a controller certifies an expenditure entry, in full or in part,
/// or parks it.
struct CertifyCommand {
    static let name = "certify"

    static let help = """
    Usage: grantledger certify ENTRY [--amount EUR | --deduct EUR | --park] [--reason CODE] [--note TEXT]
                                     [--db PATH] [--author NAME]

    Records a first-level controller's verdict on expenditure entry ENTRY as a ledger entry:
    certified in full (no amount), certified in part (--amount: what is certified), with a
    deduction (--deduct: what is not), or parked (--park: neither certified nor deducted now,
    included again in the partner's next report). A partial certification needs --reason, a
    code of the rule pack's typology of errors; the common Interreg typology is:
      \(ControlRules.commonTypology.map(\.reason.rawValue).joined(separator: ", "))
    The controller is --author (default: the operating-system user). Controlling an entry
    again supersedes the earlier verdict; both stay in the ledger.

    An entry of a partner report is controlled while the report is in control (see
    'grantledger control'); only such an entry can be parked. Its flat rates are recomputed
    when the report is certified. A flat-rate entry outside a report (office and
    administration at 15% of staff, say) is certified at the flat rate on its certified base:
    control the base entries first, then certify the flat-rate entry without an amount.

    Options:
      --amount EUR       the amount certified, e.g. 1600.00
      --deduct EUR       the amount deducted (certified = declared − deducted)
      --park             park the entry: left out of this report, decided in the next
      --reason CODE      the deduction reason (required when less than declared is certified)
      --note TEXT        the controller's note
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 recorded; 2 bad usage or a refused control (no such entry, reversed,
    more than declared, a flat rate whose base is not controlled yet, a report not in
    control); 4 database failure.

    Examples:
      grantledger certify 5
      grantledger certify 19 --deduct 122.80 --reason no-supporting-document --note "Fuel receipt missing"
      grantledger certify 23 --park --note "Contract awaited from the partner"
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name, options: LedgerAccess.options.union(["amount", "deduct", "reason", "note"]),
                                   flagNames: ["park"])
        guard parsed.positionals.count == 1, let text = parsed.positionals.first, let sequence = Int64(text), sequence > 0 else {
            throw .usage("certify takes one entry number", command: name)
        }
        guard parsed.value("amount") == nil || parsed.value("deduct") == nil else {
            throw .usage("give either --amount (certified) or --deduct (deducted), not both", command: name)
        }
        let parked = parsed.flag("park")
        guard !parked || (parsed.value("amount") == nil && parsed.value("deduct") == nil && parsed.value("reason") == nil) else {
            throw .usage("--park certifies and deducts nothing; give it without --amount, --deduct or --reason", command: name)
        }
        let reason = try parsed.value("reason").map { (code) throws(CLIError) in
            guard let reason = DeductionReason(rawValue: code) else {
                throw .usage("--reason '\(code)' is not an error code; codes are lower-case words joined by '-', "
                    + "e.g. no-supporting-document", command: name)
            }
            return reason
        }
        let store = try LedgerAccess.open(parsed, session)
        let original = try LedgerAccess.run { () throws(StoreError) in try store.entry(sequence) }
        var certified: Money?
        if let amountText = parsed.value("amount") {
            certified = try euros(amountText, option: "amount")
        } else if let deductText = parsed.value("deduct") {
            guard case .expenditure(let line, _, _) = original.body else {
                throw .store(.refused("entry \(sequence) is a \(original.body.kind) entry; only expenditure entries are controlled"))
            }
            do {
                certified = try line.declaredEuros.subtracting(try euros(deductText, option: "deduct"))
            } catch {
                throw .usage("--deduct \(deductText) is out of range", command: name)
            }
        }
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: original.projectCode, command: name)
        let entry = try LedgerAccess.run { () throws(StoreError) in
            try store.control(sequence, certified: certified, reason: reason, parked: parked, note: parsed.value("note") ?? "",
                              by: authorship)
        }
        guard case .control(let control) = entry.body, case .expenditure(let line, _, _) = original.body else { return .success }
        let format = AmountFormat.en
        if control.parked {
            session.console.write("Entry \(entry.sequence): entry \(sequence) (\(format.format(line.declaredEuros)) EUR) parked by "
                + "\(entry.author): neither certified nor deducted now, included again in the partner's next report"
                + (control.note.isEmpty ? "" : " (\(control.note))") + ".\n")
            return .success
        }
        var message = "Entry \(entry.sequence): entry \(sequence) certified \(format.format(control.certified)) of \(format.format(line.declaredEuros)) EUR by \(entry.author)"
        if let reason = control.reason, let deducted = try? line.declaredEuros.subtracting(control.certified) {
            message += "; \(format.format(deducted)) EUR deducted: \(reason.phrase)"
        }
        session.console.write(message + (control.note.isEmpty ? "" : " (\(control.note))") + ".\n")
        return .success
    }

    private static func euros(_ text: String, option: String) throws(CLIError) -> Money {
        do {
            return try AmountParser(decimalMark: .point, currency: .euro).parse(text)
        } catch {
            throw .usage("--\(option) \(text) is not an amount: \(error.problem); expected e.g. 1600.00", command: name)
        }
    }
}
