import Foundation
import GrantCore
import GrantKeys
import GrantStore
import Testing
import TestSupport
@testable import GrantCLI

@Suite("A partner report's control from the command line")
struct ControlCommandTests {
    /// PP2's report for period 1 submitted, its control started by its controller.
    static func inControl() throws -> LedgerSession {
        let ledger = try PartnerReportCommandTests.partnership()
        for step in [["partner-report", "open", "PP2", "--period", "1", "--author", "pp"],
                     ["partner-report", "submit", "PP2/1", "--author", "pp"]] {
            let result = ledger.run(step)
            #expect(result.status == 0, "\(result.errors)")
        }
        return ledger
    }

    @Test("the sample is drawn from the chain head before the start, every staff line on risk, the rest examined in full")
    func start() throws {
        let ledger = try Self.inControl()
        let byPartner = ledger.run(["control", "start", "PP2/1", "--author", "pp"])
        #expect(byPartner.status == 2)
        #expect(byPartner.errors.hasPrefix("grantledger: pp: a partner key for PP2 may not start the control of"), "\(byPartner.errors)")
        let head = try LedgerStore.open(at: ledger.database, fileExists: true).chainHead()
        let started = ledger.run(["control", "start", "PP2/1", "--author", "ctl"])
        let seed = ControlSample.seed(chainHead: head.hash, partnerID: "PP2", report: 1)
        #expect(started.output == """
            Entry 93: control of partner report PP2/1 started by ctl; sample drawn from seed \(seed.hexadecimal.prefix(16))… \
            (95% confidence, 2% tolerable error):
              entry 8  staff  1,420.00 EUR  on risk: every line of staff
              entry 9  staff  1,420.00 EUR  on risk: every line of staff
              entry 10  staff  1,420.00 EUR  on risk: every line of staff
              entry 11  staff  1,420.00 EUR  on risk: every line of staff
              entry 12  staff  1,420.00 EUR  on risk: every line of staff
              entry 19  travel  822.80 EUR  by monetary unit (at least one interval)
              entry 20  travel  1,275.30 EUR  by monetary unit (at least one interval)
              entry 21  external  946.88 EUR  by monetary unit (at least one interval)
              entry 22  equipment  750.20 EUR  by monetary unit (at least one interval)
            9 entries to verify with 'grantledger certify ENTRY'; then 'grantledger control certify PP2/1 --institution TEXT'.

            """, "\(started.errors)")
        let again = ledger.run(["control", "start", "PP2/1", "--author", "ctl"])
        #expect(again.errors == "grantledger: cannot start the control of partner report 1 of PP2: it is in control, and this step "
            + "is taken from submitted\n")
        let report = ledger.run(["control", "report", "PP2/1", "--format", "json"])
        #expect(report.output.contains("\(seed.hexadecimal)"), "\(report.errors)")
    }

    @Test("a deduction, a parked line, the office flat rate recomputed on the certified staff; declared = certified + deducted + parked")
    func verifyAndCertify() throws {
        let ledger = try Self.inControl()
        #expect(ledger.run(["control", "start", "PP2/1", "--author", "ctl"]).status == 0)
        let early = ledger.run(["control", "certify", "PP2/1", "--institution", "VRAA", "--author", "ctl"])
        #expect(early.errors == "grantledger: partner report PP2/1 cannot be certified yet: give a verdict on each sampled entry first "
            + "(grantledger certify ENTRY): 8, 9, 10, 11, 12, 19, 20, 21, 22\n")
        let deducted = ledger.run(["certify", "9", "--deduct", "120.00", "--reason", "no-supporting-document",
                                   "--note", "Timesheet unsigned", "--author", "ctl"])
        #expect(deducted.output == "Entry 94: entry 9 certified 1,300.00 of 1,420.00 EUR by ctl; 120.00 EUR deducted: no supporting "
            + "document (Timesheet unsigned).\n", "\(deducted.errors)")
        let parked = ledger.run(["certify", "20", "--park", "--note", "Boarding passes awaited", "--author", "ctl"])
        #expect(parked.output == "Entry 95: entry 20 (1,275.30 EUR) parked by ctl: neither certified nor deducted now, included "
            + "again in the partner's next report (Boarding passes awaited).\n", "\(parked.errors)")
        let unknown = ledger.run(["certify", "8", "--deduct", "1.00", "--reason", "typo-code", "--author", "ctl"])
        #expect(unknown.errors.hasPrefix("grantledger: 'typo-code' is not an error code of interreg-2014-2020; the codes are "
            + "outside-period, unpaid,"), "\(unknown.errors)")
        let flat = ledger.run(["certify", "14", "--author", "ctl"])
        #expect(flat.errors == "grantledger: entry 14 is the office-15-of-staff flat rate of partner report PP2/1: it is recomputed on "
            + "its certified base when the report is certified\n")
        for entry in ["8", "10", "11", "12", "19", "21", "22"] {
            let result = ledger.run(["certify", entry, "--author", "ctl"])
            #expect(result.status == 0, "\(result.errors)")
        }
        let certified = ledger.run(["control", "certify", "PP2/1", "--institution", "Valsts reģionālās attīstības aģentūra",
                                    "--author", "ctl"])
        #expect(certified.output.hasSuffix("partner report PP2/1 certified by ctl, Valsts reģionālās attīstības aģentūra: "
            + "10,546.88 of 11,960.18 EUR certified, 138.00 deducted, 1,275.30 parked; upper error limit 120.00 EUR, below "
            + "materiality (239.20 EUR).\n"), "\(certified.output)\(certified.errors)")
        let figures = ledger.run(["control", "report", "PP2/1", "--format", "csv"])
        #expect(figures.output.replacingOccurrences(of: "\r\n", with: "\n").contains("""
            Category,Declared,Certified,Deducted,Parked
            staff Staff costs,7100.00,6980.00,120.00,0.00
            office Office and administration,1065.00,1047.00,18.00,0.00
            travel Travel and accommodation,2098.10,822.80,0.00,1275.30
            """), "\(figures.output)")
        // Reports of the one partner report, and of its partner and period: totals of the rows shown.
        let claim = ledger.run(["report", "payment-claim", "--report", "PP2/1", "--format", "csv"]).output
        #expect(claim.contains("Periods,1–1 (2017-05-01 – 2017-10-31)\r\nScope,partner report PP2/1\r\n"), "\(claim)")
        #expect(claim.contains("PP2 Latgales plānošanas reģions,10546.88,85.00,8964.84,0.00,8964.84\r\n"
            + "Total,10546.88,,8964.84,0.00,8964.84\r\n"), "\(claim)")
        let bva = ledger.run(["report", "budget-vs-actual", "--partner", "PP2", "--period", "1", "--format", "csv"]).output
        #expect(bva.contains("Scope,\"partner PP2, period 1\"\r\n"), "\(bva)")
        #expect(bva.contains("Total,,,32404.38,11960.18,10546.88,20444.20,36.91\r\n"), "\(bva)")
        let listed = ledger.run(["report", "expenditure", "--report", "PP2/1", "--format", "csv"]).output
        #expect(listed.contains("Total,,,,,,,,,,,11960.18,10546.88,138.00,\r\n"), "\(listed)")
        let project = ledger.run(["report", "project-report", "--format", "csv"]).output
        #expect(project.contains("PP2/1,1,11960.18,10546.88,138.00,1275.30\r\nTotal,,11960.18,10546.88,138.00,1275.30\r\n"))
        #expect(project.contains("travel Travel and accommodation,2098.10,822.80,0.00,1275.30\r\n"), "\(project)")
        #expect(project.contains("PP2 Latgales plānošanas reģions,1,10546.88,8964.84,0.00,8964.84\r\n"), "\(project)")
        let other = ledger.run(["report", "expenditure", "--partner", "PP9"])
        #expect(other.errors == "grantledger: --partner PP9: the project has no such partner; its partners are LP, PP2\n"
            + "Run 'grantledger report --help' for usage.\n")
        let verified = ledger.run(["verify"])
        #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
        // The parked line comes into PP2's next report, taken on risk.
        for step in [["partner-report", "open", "PP2", "--period", "2", "--author", "pp"],
                     ["partner-report", "submit", "PP2/2", "--author", "pp"]] {
            #expect(ledger.run(step).status == 0)
        }
        let next = ledger.run(["control", "start", "PP2/2", "--author", "ctl"])
        #expect(next.output.contains("  entry 20  travel  1,275.30 EUR  on risk: every line parked before and included again\n"),
                "\(next.output)\(next.errors)")
        #expect(ledger.run(["certify", "20", "--author", "ctl"]).output.hasPrefix("Entry 108: entry 20 certified 1,275.30 of 1,275.30"))
        // The status counts what certified reports certified: entry 20's verdict waits for PP2/2's certification.
        let status = ledger.run(["status"])
        #expect(status.status == 0, "\(status.errors)")
        #expect(status.output.contains("""
            LP      253,050.12  74,545.50      0.00     0.00     0.00      0.00%             1 -
            PP2     129,617.53  57,531.53 10,546.88 8,964.84     0.00      8.14%             1 PP2/1 certified, PP2/2 in control
            ------- ---------- ---------- --------- -------- -------- ---------- ------------- ---------------------------------
            Total   382,667.65 132,077.03 10,546.88 8,964.84     0.00      2.76%             2 2
            """), "\(status.output)")
        #expect(status.output.contains("Closed periods: none (of 4).\n"))
        let json = ledger.run(["status", "--format", "json"]).output
        #expect(json.contains("\"certified\": \"10546.88\""), "\(json)")
        let first = ledger.run(["control", "report", "PP2/1", "--format", "csv"]).output
        #expect(first.contains("Total,11960.18,10546.88,138.00,1275.30"), "the first report's figures stay as certified")
    }
}
