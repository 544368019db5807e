import Foundation
import Testing
import TestSupport
@testable import GrantCLI

/// Runs the command line in-process from the repository root.
func runCLI(_ arguments: [String]) -> (status: Int32, output: String, errors: String) {
    let console = RecordingConsole()
    let status = GrantLedgerCommand.run(arguments, console: console)
    return (status, console.output, console.errors)
}

@Suite("grantledger check")
struct CheckCommandTests {
    let seed = Repository.path("Fixtures/lli-59-open-leadership/budget-table.csv")

    @Test("the seed table: exit 1, both one-cent breaks, and the cell at fault with its reconciling value")
    func seedTable() {
        let result = runCLI(["check", seed])
        #expect(result.status == 1)
        #expect(result.errors.isEmpty)
        #expect(result.output.contains("""
          ERROR table.row-sum: line 3, Latgales plānošanas reģions
            programme funds 110,174.91 + national co-financing 19,442.63 = 129,617.54,
            but the row's total states 129,617.53 (difference -0.01)
          ERROR table.column-sum: programme funds column, totals row line 4
            the partner rows' programme funds column adds up to 325,267.51, but the
            totals row states 325,267.50 (difference -0.01)
        """))
        #expect(result.output.contains("""
        Cell most likely at fault: line 3, column 5 (programme funds), Latgales
          plānošanas reģions
          It states 110,174.91; 110,174.90 there would reconcile the row sum of line 3,
          the programme funds column sum and the 85% cap of line 3, and no other single
          cell would.
        """))
        #expect(result.output.hasSuffix("Result: 3 errors; the table does not reconcile.\n"))
    }

    @Test("clean tables exit 0", arguments: ["lli-59-reconciled.csv", "three-partners-clean.csv", "latvian-excel-export.csv"])
    func cleanTables(name: String) {
        let result = runCLI(["check", Repository.path("Fixtures/budget-tables/\(name)")])
        #expect(result.status == 0)
        #expect(result.output.hasSuffix("Result: the table reconciles.\n"))
    }

    @Test("under interreg-2021-2027 the excess over 80% is reported for each partner and the project")
    func capUnder2021() {
        let result = runCLI(["check", Repository.path("Fixtures/budget-tables/lli-59-reconciled.csv"), "--rules", "interreg-2021-2027"])
        #expect(result.status == 1)
        // Findings wrap at 80 columns; join their continuation lines to read each as one sentence.
        let output = result.output.replacingOccurrences(of: "\n    ", with: " ")
        #expect(output.contains("which is 202,440.09 rounded down (truncated); the excess is 12,652.51"))
        #expect(output.contains("which is 103,694.02 rounded down (truncated); the excess is 6,480.88"))
        #expect(output.contains("the stated project total 382,667.65, which is 306,134.12 rounded down (truncated); the excess is 19,133.38"))
        #expect(result.output.hasSuffix("Result: 3 errors; the table does not reconcile.\n"))
    }

    @Test("JSON output carries the breaks and the diagnosis as exact decimal strings")
    func json() throws {
        let result = runCLI(["check", seed, "--format", "json"])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let findings = try #require(object["findings"] as? [[String: Any]])
        #expect(findings.map { $0["rule"] as? String } == ["table.row-sum", "table.column-sum", "cofinancing.cap"])
        #expect(findings.map { $0["difference"] as? String } == ["-0.01", "-0.01", "0.01"])
        let diagnosis = try #require((object["diagnoses"] as? [[String: Any]])?.first)
        #expect(diagnosis["reconcilingValue"] as? String == "110174.90")
        let cell = try #require(diagnosis["cell"] as? [String: Any])
        #expect(cell["line"] as? Int == 3)
        #expect(cell["column"] as? Int == 5)
        #expect(cell["field"] as? String == "programme_funds")
    }

    @Test("malformed tables exit 2 with a message that says where and what was expected", arguments: [
        ("bad-quote.csv", "status,partner,country,region,programme_funds,national_cofinancing,total\nlead,\"A,LV,,85.00,15.00,100.00\n",
         ":2:6: the quoted field that starts here is never closed; add the closing quote (\")\n"),
        ("letter.csv", "status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,,85.00,15.OO,100.00\n",
         ":2:21: national co-financing: \"15.OO\" is not an amount: unexpected letter \"O\"; expected e.g. 110174.91 or 110,174.91 (decimal point in this file)\n"),
        ("missing.csv", "status,partner,programme_funds,total\nlead,A,85.00,100.00\n",
         ":1: the header lacks the column national_cofinancing; found \"status\", \"partner\", \"programme_funds\", \"total\"; expected status,partner,country,region,programme_funds,national_cofinancing,total (or the Latvian headers, e.g. \"Partnera statuss\", \"Partnera nosaukums\", \"programmas finansējums\", \"līdzfinansējums\", \"Kopā\")\n"),
        ("empty.csv", "", ": the file is empty\n"),
    ])
    func malformed(name: String, content: String, message: String) throws {
        let scratch = try ScratchFolder()
        let path = try scratch.write(name, content)
        let result = runCLI(["check", path])
        #expect(result.status == 2)
        #expect(result.output.isEmpty)
        #expect(result.errors == path + message)
    }

    @Test("usage mistakes exit 2 and point to help", arguments: [
        (["check", "--db", "/nonexistent/ledger.db"], "grantledger: there is no database at /nonexistent/ledger.db; create one with 'grantledger init' (or name another with --db PATH or GRANTLEDGER_DB)\n"),
        (["check", "a.csv", "--rules", "interreg-1990"], "grantledger: --rules interreg-1990 is neither a built-in pack (interreg-2014-2020, interreg-lv-lt-2014-2020, interreg-2021-2027, eea-norway-2014-2021, us-2cfr200) nor a pack file ending in .json\nRun 'grantledger check --help' for usage.\n"),
        (["check", "a.csv", "--colour"], "grantledger: unknown option '--colour'\nRun 'grantledger check --help' for usage.\n"),
        (["chekc"], "grantledger: no command 'chekc'; the commands are certify, check, close-period, control, copy, export, "
            + "forecast, import, init, key, ledger, load, partner-report, record-payment, refresh-reports, report, reverse, rules, "
                + "status, user, verify, verify-head\nRun 'grantledger --help' for usage.\n"),
        (["check", "/nonexistent/table.csv"], "grantledger: cannot read /nonexistent/table.csv: no such file\n"),
    ])
    func usage(arguments: [String], message: String) {
        let result = runCLI(arguments)
        #expect(result.status == 2)
        #expect(result.errors == message)
    }

    @Test("--output writes the report and says so; --help shows the options")
    func outputAndHelp() throws {
        let scratch = try ScratchFolder()
        let target = scratch.path + "/out/report.json"
        let result = runCLI(["check", seed, "--format=json", "--output", target])
        #expect(result.status == 1)
        #expect(result.errors == "Wrote \(target): 3 errors\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("{\n  \"report\": \"budget-table-check\""))
        // Writing again replaces the report whole.
        #expect(runCLI(["check", seed, "--output", target]).status == 1)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("GrantLedger check: budget table\n"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/out") == ["report.json"])
        let help = runCLI(["check", "--help"])
        #expect(help.status == 0)
        #expect(help.output.hasPrefix("Usage: grantledger check [PATH] [options]"))
    }

    @Test("the LLI-59 project folder: its approved budget is clean, its published tables are not")
    func projectFolder() {
        let result = runCLI(["check", Repository.path("Fixtures/lli-59-open-leadership")])
        #expect(result.status == 1)
        #expect(result.output.contains("Findings: none. Sources, totals, budget lines and the cap agree to the cent."))
        // 3 breaks in each published table, and 2 in the illustrative expenditure: the laptop
        // declared twice and the USD line converted at its invoice month's rate.
        #expect(result.output.hasSuffix("Overall: 8 errors.\n"))
    }
}

@Suite("Reports/ stays current")
struct ReportsTests {
    @Test("every report in Reports/ matches what the fixtures produce now")
    func reportsAreCurrent() {
        let result = runCLI(["refresh-reports", "--check", "--root", Repository.root])
        #expect(result.errors == "All 512 reports are current.\n", "Run: swift run grantledger refresh-reports")
        #expect(result.status == 0)
    }
}

@Suite("Limits at their edges")
struct LimitTests {
    @Test("amounts whose sum leaves the money range stop the check with exit 2, never a wrapped figure")
    func overflowingSum() throws {
        let scratch = try ScratchFolder()
        let path = try scratch.write("huge.csv", """
        status,partner,country,region,programme_funds,national_cofinancing,total
        lead,A,LV,,90000000000000000.00,0.00,90000000000000000.00
        partner,B,LT,,90000000000000000.00,0.00,90000000000000000.00

        """)
        let result = runCLI(["check", path])
        #expect(result.status == 2)
        #expect(result.errors == "\(path): an amount is too large to add exactly; amounts must stay within ±92,233,720,368,547,758.07\n")
    }
}

@Suite("grantledger rules")
struct RulesCommandTests {
    @Test("lists the five built-in packs")
    func lists() {
        let result = runCLI(["rules"])
        #expect(result.status == 0)
        #expect(result.output.split(separator: "\n").dropFirst().map { String($0.split(separator: " ").first ?? "") }
                == ["interreg-2014-2020", "interreg-lv-lt-2014-2020", "interreg-2021-2027", "eea-norway-2014-2021", "us-2cfr200"])
    }

    @Test("a pack written with --format json drives check through --rules PATH.json")
    func customPackFile() throws {
        let scratch = try ScratchFolder()
        let json = runCLI(["rules", "interreg-2014-2020", "--format", "json"]).output
        let path = try scratch.write("seventy.json", json.replacingOccurrences(of: "\"capPercent\": \"85\"", with: "\"capPercent\": \"70\""))
        let result = runCLI(["check", Repository.path("Fixtures/budget-tables/lli-59-reconciled.csv"), "--rules", path])
        #expect(result.status == 1)
        // 70% of 253,050.12 = 177,135.08; 215,092.60 is 37,957.52 over.
        #expect(result.output.replacingOccurrences(of: "\n    ", with: " ").contains("which is 177,135.08 rounded down (truncated); the excess is 37,957.52"))
    }

    @Test("an unknown pack is a usage error")
    func unknown() {
        let result = runCLI(["rules", "interreg-1990"])
        #expect(result.status == 2)
        #expect(result.errors == "grantledger: --rules interreg-1990 is neither a built-in pack (interreg-2014-2020, interreg-lv-lt-2014-2020, interreg-2021-2027, eea-norway-2014-2021, us-2cfr200) nor a pack file ending in .json\nRun 'grantledger rules --help' for usage.\n")
    }
}
