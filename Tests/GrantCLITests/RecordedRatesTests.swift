import Testing
import TestSupport
@testable import GrantCLI

@Suite("Exchange rates recorded by imports; rates that cannot be checked are said")
struct RecordedRatesTests {
    @Test("an import records the rates its foreign lines use; a later check on the ledger checks against them")
    func recordedAndUsed() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let imported = ledger.run(["import", "\(ledger.fixture)/expenditure-p1.csv", "--rates", "\(ledger.fixture)/rates.csv",
                                   "--submitted", "2017-11-15"])
        #expect(imported.output.hasSuffix("Recorded the rates its foreign lines use, per euro: GBP 0.8872 for 2017-11, "
            + "PLN 4.2244 for 2017-11 (entries 24–25); 'check' checks against them.\n"))
        let check = ledger.run(["check"])
        #expect(check.output.contains("Checked:    21 expenditure and reversal entries\n"))
        #expect(!check.output.contains("NOT CHECKED"))
        #expect(ledger.run(["verify"]).status == 0)
    }

    @Test("a rate table that gives a recorded month another rate is refused, and nothing is imported")
    func conflictingRate() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        _ = ledger.run(["import", "\(ledger.fixture)/expenditure-p1.csv", "--rates", "\(ledger.fixture)/rates.csv",
                        "--submitted", "2017-11-15"])
        let other = try ledger.scratch.write("rates.csv", "currency,month,units_per_euro\nPLN,2017-11,4.3000\nGBP,2017-11,0.8872\n")
        let lines = try ledger.scratch.write("p.csv", """
            partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,\
            amount_eur,description,document
            PP2,external,1,PL-9,Lean Enterprise Institute Polska Sp. z o.o.,2017-09-21,2017-10-10,100.00,0.00,100.00,PLN,,,Licence,PP2/9

            """)
        let refused = ledger.run(["import", lines, "--rates", other, "--submitted", "2017-11-20"])
        #expect(refused.status == 2)
        #expect(refused.errors == "grantledger: \(lines): the rate table gives 4.3 PLN per euro for 2017-11, but the "
            + "ledger recorded 4.2244 for that month with import batch 1; a month has one rate, so nothing was imported\n")
        #expect(ledger.run(["verify"]).output.hasPrefix("Verified 25 entries"))
    }

    @Test("foreign lines whose rate cannot be checked are listed by rule and line, and the summary says so")
    func unchecked() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let lines = try ledger.scratch.write("p.csv", """
            partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,\
            amount_eur,description,document
            PP2,external,1,PL-9,Lean Enterprise Institute Polska Sp. z o.o.,2017-09-21,2017-10-10,100.00,0.00,100.00,PLN,4.25,,Licence,PP2/9

            """)
        #expect(ledger.run(["import", lines, "--submitted", "2017-11-20"]).status == 0)
        let check = ledger.run(["check"])
        #expect(check.status == 0)
        #expect(check.output.contains("""
            Checked:    1 expenditure and reversal entries; 1 check could not be made (see
                        Not checked)

            Findings: none in what was checked; 1 check could not be made, listed under Not
              checked.

            NOT CHECKED conversion.rate-month
              - entry 2 (line 2 of its file), partner PP2, external, period 1: a PLN line:
                its exchange rate is not checked, as no rate table was given (--rates) or
                recorded by its import

            Result: no errors in what was checked; 1 check could not be made.
            """))
        let withTable = ledger.run(["check", "--rates", "\(ledger.fixture)/rates.csv"])
        #expect(withTable.output.contains("ERROR conversion.rate-month"))
    }
}

@Suite("Folder and ledger number entries alike")
struct FolderNumberingTests {
    @Test("a header-only expenditure file takes no batch and no entry in a folder, as an import refuses it in a ledger")
    func headerOnlyFile() throws {
        let header = ExpenditureReadingTests.header
        let folder = try ExpenditureReadingTests.projectFolder(submissions: "e1.csv,2019-05-15\ne2.csv,2019-05-16\ne3.csv,2019-05-17\n")
        let line = "LP,external,2,D-1,SIA Druka,2018-03-10,2018-03-12,100.00,0.00,100.00,EUR,,,Leaflets,DOC/1"
        try folder.write("e1.csv", header + "\n" + line + "\n")
        try folder.write("e2.csv", header + "\n")
        try folder.write("e3.csv", header + "\n" + line.replacingOccurrences(of: "DOC/1", with: "DOC/2") + "\n")
        let folderCheck = runCLI(["check", folder.path, "--format", "json"])
        let folderAudit = try #require(try AuditFixtureTests.json(folderCheck.output)["ledgerCheck"] as? [String: Any])
        #expect(AuditFixtureTests.rows(try #require(folderAudit["findings"] as? [[String: Any]]))
                == ["duplicate.across-reports entry 4: 0.00 100.00 100.00"])
        let ledger = try LedgerSession()
        _ = ledger.run(["init"])
        _ = ledger.run(["load", folder.path])
        #expect(ledger.run(["import", folder.path + "/e1.csv", "--submitted", "2019-05-15"]).status == 0)
        #expect(ledger.run(["import", folder.path + "/e2.csv", "--submitted", "2019-05-16"]).status == 2)
        #expect(ledger.run(["import", folder.path + "/e3.csv", "--submitted", "2019-05-17"]).status == 0)
        let ledgerAudit = try AuditFixtureTests.json(ledger.run(["check", "--format", "json"]).output)
        let ledgerFindings = try #require(ledgerAudit["findings"] as? [[String: Any]])
        #expect(AuditFixtureTests.rows(ledgerFindings) == ["duplicate.across-reports entry 4: 0.00 100.00 100.00"])
    }
}

@Suite("The ledger listing as CSV")
struct LedgerCSVTests {
    @Test("text a spreadsheet would run as a formula is neutralised; amounts stay numbers")
    func formulasNeutralised() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let file = try ledger.scratch.write("hostile.csv", """
            partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,\
            amount_eur,description,document
            LP,external,1,@SUM(A1),"=HYPERLINK(""http://x"",""y"")",2017-06-01,2017-06-05,10.00,0.00,10.00,EUR,,,+cmd|' /C calc'!A0,-2+3

            """)
        #expect(ledger.run(["import", file, "--submitted", "2017-11-15"]).status == 0)
        let csv = ledger.run(["ledger", "--format", "csv"]).output
        let row = "2,expenditure,1,LP,external,'@SUM(A1),\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",2017-06-01,2017-06-05,EUR,"
            + "10.00,0.00,10.00,,10.00,,,,,,'+cmd|' /C calc'!A0,'-2+3\r\n"
        #expect(csv.contains(row))
    }
}

@Suite("Payments recorded once")
struct PaymentOnceTests {
    @Test("record-payment run again after it committed (killed, say) refuses the repeat; --again or another note records a second one")
    func rerun() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let first = ledger.run(["record-payment", "LP", "5000.00", "--date", "2018-03-20", "--note", "Payment 1"])
        #expect(first.status == 0)
        let rerun = ledger.run(["record-payment", "LP", "5000.00", "--date", "2018-03-20", "--note", "Payment 1"])
        #expect(rerun.status == 2)
        #expect(rerun.errors == "grantledger: this payment (5,000.00 EUR for LP on 2018-03-20, \"Payment 1\") is "
            + "already recorded as entry 87 by liga at 2026-11-22T13:36:35Z; nothing was recorded. To record a second "
            + "payment of the same amount on the same day, give it its own --note, or --again\n")
        #expect(ledger.run(["record-payment", "LP", "5000.00", "--date", "2018-03-20", "--note", "Payment 1", "--again"]).status == 0)
        #expect(ledger.run(["record-payment", "LP", "5000.00", "--date", "2018-03-20", "--note", "Payment 2"]).status == 0)
        #expect(ledger.run(["verify"]).output.hasPrefix("Verified 89 entries"))
    }
}
