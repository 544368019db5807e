import Foundation
import Testing
import TestSupport
@testable import GrantCLI
@testable import GrantReports

@Suite("grantledger report")
struct ReportCommandTests {
    static func rows(_ kind: String, _ folder: String = "Fixtures/lli-59-open-leadership") throws -> [[String: Any]] {
        let result = runCLI(["report", kind, Repository.path(folder), "--format", "json"])
        #expect(result.status == 0, "\(result.errors)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let sections = try #require(object["sections"] as? [[String: Any]])
        return try #require(sections.first?["rows"] as? [[String: Any]])
    }

    static func cents(_ value: Any?) -> Int64 {
        guard let text = value as? String else { return 0 }
        let negative = text.hasPrefix("-")
        let digits = text.filter(\.isNumber)
        return (Int64(digits) ?? 0) * (negative ? -1 : 1)
    }

    @Test("budget vs actual cross-foots: lines to partner subtotals, subtotals to the total, to the cent")
    func crossFoots() throws {
        let rows = try Self.rows("budget-vs-actual")
        for key in ["budget", "declared", "certified", "remaining"] {
            var sinceSubtotal: Int64 = 0
            var subtotals: Int64 = 0
            for row in rows {
                switch row["kind"] as? String {
                case "line": sinceSubtotal += Self.cents(row[key])
                case "subtotal":
                    #expect(Self.cents(row[key]) == sinceSubtotal, "\(key) subtotal")
                    subtotals += sinceSubtotal
                    sinceSubtotal = 0
                default: #expect(Self.cents(row[key]) == subtotals, "\(key) total")
                }
            }
        }
        #expect(Self.cents(rows.last?["budget"]) == 38_266_765)
        #expect(Self.cents(rows.last?["declared"]) == 13_207_703)
    }

    @Test("the same figure is the same in every report: declared in budget vs actual and in the list of expenditure")
    func reportsAgree() throws {
        let budget = try Self.rows("budget-vs-actual")
        let list = try Self.rows("expenditure")
        #expect(Self.cents(list.last?["declared"]) == Self.cents(budget.last?["declared"]))
        #expect(list.dropLast().map { Self.cents($0["declared"]) }.reduce(0, +) == Self.cents(list.last?["declared"]))
    }

    @Test("a report is byte-identical when made twice")
    func deterministic() {
        for format in ["text", "csv", "html", "json"] {
            let first = runCLI(["report", "co-financing", Repository.path("Fixtures/lli-59-open-leadership"), "--format", format])
            let second = runCLI(["report", "co-financing", Repository.path("Fixtures/lli-59-open-leadership"), "--format", format])
            #expect(first.output == second.output && !first.output.isEmpty)
        }
    }

    @Test("an unknown report is a usage error")
    func unknownKind() {
        let result = runCLI(["report", "balance"])
        #expect(result.status == 2)
        #expect(result.errors == "grantledger: no report 'balance'; the reports are budget-vs-actual, co-financing, "
            + "expenditure, payment-claim, project-report, findings\nRun 'grantledger report --help' for usage.\n")
    }
}

@Suite("Payments and the payment claim")
struct PaymentClaimTests {
    @Test("the claim is certified × the approved programme rate, less what was received, to the cent")
    func claimFromTheLedger() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        for entry in 2...7 { #expect(ledger.run(["certify", String(entry)]).status == 0) }
        let payment = ledger.run(["record-payment", "LP", "5000.00", "--date", "2018-03-20", "--note", "Payment 1"])
        #expect(payment.output == "Entry 93: 5,000.00 EUR of programme funds received for LP on 2018-03-20, recorded by liga.\n")
        let report = ledger.run(["report", "payment-claim", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(report.output.utf8)) as? [String: Any])
        let rows = try #require((object["sections"] as? [[String: Any]])?.first?["rows"] as? [[String: Any]])
        // 11,100.00 certified × 215,092.60 / 253,050.12 = 9,434.99991…, rounded down.
        #expect(rows[0]["certified"] as? String == "11100.00")
        #expect(rows[0]["claimed"] as? String == "9434.99")
        #expect(rows[0]["received"] as? String == "5000.00")
        #expect(rows[0]["outstanding"] as? String == "4434.99")
        #expect(rows.last?["outstanding"] as? String == "4434.99")
        #expect(ledger.run(["verify"]).status == 0)
        #expect(ledger.run(["record-payment", "PP9", "1.00", "--date", "2018-03-20"]).errors
                == "grantledger: LLI-59 has no partner PP9; its partners are LP, PP2\n")
    }
}

@Suite("grantledger export")
struct ExportCommandTests {
    @Test("the journal has one transaction per entry and balances to the declared total")
    func journal() throws {
        let result = runCLI(["export", Repository.path("Fixtures/lli-59-open-leadership"), "--format", "ledger"])
        #expect(result.status == 0)
        let transactions = result.output.components(separatedBy: "\n\n").filter { $0.contains("expenses:") && !$0.hasPrefix("~") }
        #expect(transactions.count == 77)
        #expect(result.output.contains("2017-05-30 PAY-2017-05 Euroregion \"Country of lakes\" office in Lithuania (payroll)\n    ; entry 2, period 1\n    expenses:LP:staff  1850.00 EUR\n    funding:LP\n"))
        // The amounts add up to the 132,077.03 declared, as every report states it.
        let cents = transactions.compactMap { block -> Int64? in
            guard let line = block.split(separator: "\n").first(where: { $0.contains("expenses:") }),
                  let amount = line.split(separator: " ").dropLast().last else { return nil }
            let negative = amount.hasPrefix("-")
            return (Int64(amount.filter(\.isNumber)) ?? 0) * (negative ? -1 : 1)
        }
        #expect(cents.reduce(0, +) == 13_207_703)
    }

    @Test("the approved budget comes first: a periodic transaction per reporting period, adding up to the 382,667.65 approved")
    func budget() throws {
        let result = runCLI(["export", Repository.path("Fixtures/lli-59-open-leadership"), "--format", "ledger"])
        let rules = result.output.components(separatedBy: "\n\n").filter { $0.hasPrefix("~") }
        #expect(rules.count == 4)
        #expect(rules.first?.hasPrefix("~ every 184 days from 2017-05-01 to 2017-11-01\n    ; budget of reporting period 1\n    expenses:LP:staff  26570.26 EUR\n") == true)
        #expect(rules.last?.hasPrefix("~ every 181 days from 2018-11-01 to 2019-05-01\n    ; budget of reporting period 4\n") == true)
        // Each rule balances: its funding lines are minus its expense lines; all funding is minus the approved budget.
        func cents(_ rule: String, _ account: String) -> Int64 {
            rule.split(separator: "\n").filter { $0.contains(account) }.compactMap { line -> Int64? in
                guard let amount = line.split(separator: " ").dropLast().last else { return nil }
                return (Int64(amount.filter(\.isNumber)) ?? 0) * (amount.hasPrefix("-") ? -1 : 1)
            }.reduce(0, +)
        }
        for rule in rules { #expect(cents(rule, "expenses:") == -cents(rule, "funding:")) }
        #expect(rules.map { cents($0, "funding:") }.reduce(0, +) == -38_266_765)
    }

    @Test("a hostile description cannot break the journal's lines")
    func clean() {
        #expect(LedgerJournal.clean("A;B\nC  D") == "A B C D")
    }
}

@Suite("Text reports hold their width")
struct TextWidthTests {
    static let folders = ["lli-59-open-leadership", "audit-interreg-2014-2020", "audit-interreg-lv-lt-2014-2020",
                          "audit-interreg-2021-2027", "audit-interreg-2021-2027-sco",
                          "audit-eea-norway-2014-2021", "audit-us-2cfr200"]

    static func longest(_ output: String) -> Int { output.split(separator: "\n").map(\.count).max() ?? 0 }

    @Test("every report, the forecast and the check of every fixture fit 80 and 132 columns: wide tables wrap or split",
          arguments: [80, 132])
    func width(_ width: Int) {
        for folder in Self.folders.map({ Repository.path("Fixtures/\($0)") }) {
            for kind in ["budget-vs-actual", "co-financing", "expenditure", "payment-claim", "findings"] {
                let report = runCLI(["report", kind, folder, "--width", String(width)])
                #expect(report.status == 0 && Self.longest(report.output) <= width, "\(kind) of \(folder) at \(width)")
            }
            let forecast = runCLI(["forecast", folder, "--width", String(width), "--what-if", "--backtest"])
            #expect(Self.longest(forecast.output) <= width, "forecast of \(folder) at \(width): \(forecast.errors)")
            #expect(Self.longest(runCLI(["check", folder]).output) <= 80, "check of \(folder)")
        }
    }
}

@Suite("Help lists every exit status")
struct HelpExitStatusTests {
    @Test("every command that opens the ledger lists exit status 4 in its --help",
          arguments: ["init", "load", "import", "ledger", "reverse", "certify", "record-payment", "close-period",
                      "verify", "check", "report",
                      "forecast", "export"])
    func databaseStatus(_ command: String) throws {
        let help = runCLI([command, "--help"]).output
        let start = try #require(help.range(of: "Exit status:"))
        let statuses = String(help[start.upperBound...]).components(separatedBy: "\n\n")[0]
        #expect(statuses.contains("; 4 ") || statuses.contains("\n4 "), "\(command): \(statuses)")
    }
}

@Suite("Numbers as spreadsheets and controllers read them")
struct SpreadsheetNumberTests {
    @Test("--excel writes every number with the decimal comma, exchange rates too; plain CSV with the point")
    func excelDecimalComma() {
        let folder = Repository.path("Fixtures/lli-59-open-leadership")
        let excel = runCLI(["report", "expenditure", folder, "--format", "csv", "--excel"]).output
        #expect(excel.contains("21;1;PP2;external;LEIP-2017/311;Lean Enterprise Institute Polska Sp. z "
            + "o.o.;2017-09-20;2017-10-10;PLN;4000,00;4,2244;946,88;946,88;0,00;\r\n"))
        let plain = runCLI(["report", "expenditure", folder, "--format", "csv"]).output
        #expect(plain.contains("21,1,PP2,external,LEIP-2017/311,Lean Enterprise Institute Polska Sp. z "
            + "o.o.,2017-09-20,2017-10-10,PLN,4000.00,4.2244,946.88,946.88,0.00,\r\n"))
    }

    @Test("a reversed entry and its reversal show no certified amount, whatever was certified before")
    func reversedNotCertified() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        #expect(ledger.run(["certify", "42"]).status == 0)
        #expect(ledger.run(["reverse", "42", "--reason", "declared twice"]).status == 0)
        let csv = ledger.run(["ledger", "--format", "csv", "--partner", "PP2", "--category", "equipment"]).output
        let rows = csv.split(separator: "\r\n").map(String.init).filter { $0.hasPrefix("42,") || $0.hasPrefix("88,") }
        #expect(rows.count == 2)
        #expect(rows.allSatisfy { $0.contains(",750.20,,") || $0.contains(",-750.20,,") }, "\(rows)")
        let report = ledger.run(["report", "expenditure", "--format", "json"]).output
        #expect(!report.contains("\"certified\": \"750.20\""))
    }
}
