import Foundation
import GrantKeys
import Testing
import TestSupport
@testable import GrantCLI

@Suite("Partner reports from the command line")
struct PartnerReportCommandTests {
    /// LLI-59 walked through, with a partner user for LP and PP2, a controller for PP2 and the programme.
    static func partnership() throws -> LedgerSession {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        try ledger.addKey(TestKeys.key(51), name: "lp", role: "partner", partner: "LP")
        try ledger.addKey(TestKeys.key(52), name: "pp", role: "partner", partner: "PP2")
        try ledger.addKey(TestKeys.key(53), name: "ctl", role: "controller", partner: "PP2")
        try ledger.addKey(TestKeys.key(54), name: "prog", role: "programme")
        return ledger
    }

    @Test("the partner opens and submits; its figures freeze; the controller reopens in full; verify replays every step")
    func life() throws {
        let ledger = try Self.partnership()
        let opened = ledger.run(["partner-report", "open", "PP2", "--period", "1", "--author", "pp"])
        #expect(opened.status == 0, "\(opened.errors)")
        #expect(opened.output == "Entry 91: partner report PP2/1 for period 1 (2017-05-01 to 2017-10-31) opened as a draft, by pp.\n")
        let submitted = ledger.run(["partner-report", "submit", "PP2/1", "--author", "pp"])
        #expect(submitted.output == "Entry 92: partner report PP2/1 submitted, declaring 11,960.18 EUR in 10 entries; its figures and "
            + "exchange rates are frozen from now on, by pp.\n", "\(submitted.errors)")
        let list = ledger.run(["partner-report", "list"])
        #expect(list.output == "Partner reports of LLI-59:\n"
            + "  PP2/1  period 1  submitted  11,960.18 EUR in 10 entries  last step entry 92: submit\n")
        // Frozen: another PP2 line of period 1 is refused whole, and so is a reversal posted in period 1.
        let header = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,"
            + "exchange_rate,amount_eur,description,document"
        let late = try ledger.scratch.write("late.csv", header + "\n"
            + "PP2,travel,1,BILL-77,Rīgas taksometru parks,2017-07-02,2017-07-02,25.00,0.00,25.00,EUR,,,Taxi,PP2/P1/77\n")
        let refused = ledger.run(["import", late, "--submitted", "2017-11-20", "--author", "pp"])
        #expect(refused.status == 2)
        #expect(refused.errors == "grantledger: \(late) has lines of PP2 in period 1, whose partner report 1 is submitted: its figures are "
            + "frozen, so nothing was imported; a full reopening (grantledger partner-report reopen PP2/1 --full) lets them change\n")
        let reversal = ledger.run(["reverse", "8", "--reason", "declared twice", "--period", "1", "--author", "pp"])
        #expect(reversal.errors == "grantledger: period 1's partner report 1 of PP2 is submitted: its figures are frozen; post the "
            + "reversal in a later period (--period N) or reopen the report in full\n")
        let byLP = ledger.run(["partner-report", "submit", "PP2/1", "--author", "lp"])
        #expect(byLP.status == 2)
        #expect(byLP.errors == "grantledger: lp: a partner key for LP may not submit a partner report of PP2; it imports and "
            + "reverses its partner's expenditure and opens and submits its partner reports\n")
        let limited = ledger.run(["partner-report", "reopen", "PP2/1", "--limited", "--reason", "receipt unreadable", "--author", "ctl"])
        #expect(limited.output == "Entry 93: partner report PP2/1 reopened (limited): its figures stay frozen until it is submitted "
            + "again, by ctl.\n", "\(limited.errors)")
        #expect(ledger.run(["import", late, "--submitted", "2017-11-20", "--author", "pp"]).status == 2)
        #expect(ledger.run(["partner-report", "submit", "PP2/1", "--author", "pp"]).status == 0)
        let full = ledger.run(["partner-report", "reopen", "PP2/1", "--full", "--reason", "invoice 77 missing", "--author", "ctl"])
        #expect(full.output == "Entry 95: partner report PP2/1 reopened (full): reversals and additions may be posted in period 1 "
            + "until it is submitted again, by ctl.\n", "\(full.errors)")
        let added = ledger.run(["import", late, "--submitted", "2017-11-20", "--author", "pp"])
        #expect(added.status == 0, "\(added.errors)")
        let resubmitted = ledger.run(["partner-report", "submit", "PP2/1", "--author", "pp"])
        #expect(resubmitted.output.hasPrefix("Entry 98: partner report PP2/1 submitted, declaring 11,985.18 EUR in 11 entries"),
                "\(resubmitted.output)\(resubmitted.errors)")
        let byProgramme = ledger.run(["partner-report", "reopen", "PP2/1", "--full", "--reason", "x", "--author", "prog"])
        #expect(byProgramme.status == 0, "\(byProgramme.errors)")
        let verified = ledger.run(["verify"])
        #expect(verified.status == 0, "\(verified.output)")
    }
}
