import Foundation
import Testing
import TestSupport
@testable import GrantCLI

@Suite("Audit fixtures with known answers")
struct AuditFixtureTests {
    /// Loads `scenario` into a scratch ledger, imports its two expenditure files at a fixed
    /// time, and returns the findings of `check --format json` as (rule, entry, expected, found, difference).
    static func findings(_ scenario: String) throws -> (status: Int32, rows: [String]) {
        let ledger = try LedgerSession()
        let folder = Repository.path("Fixtures/\(scenario)")
        let time = "2026-11-22T10:00:00Z"
        #expect(ledger.run(["init"], at: time).status == 0)
        #expect(ledger.run(["load", folder], at: time).status == 0)
        for file in ["expenditure-1.csv", "expenditure-2.csv"] {
            #expect(ledger.run(["import", "\(folder)/\(file)"], at: time).status == 0)
        }
        let result = ledger.run(["check", "--format", "json", "--rates", "\(folder)/rates.csv"], at: time)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        let rows = try Self.rows(try #require(object["findings"] as? [[String: Any]]))
        // The folder alone, without a database, gives the same findings.
        let folderCheck = runCLI(["check", folder, "--format", "json"])
        let folderObject = try #require(try JSONSerialization.jsonObject(with: Data(folderCheck.output.utf8)) as? [String: Any])
        let ledgerCheck = try #require(folderObject["ledgerCheck"] as? [String: Any])
        #expect(try Self.rows(try #require(ledgerCheck["findings"] as? [[String: Any]])) == rows)
        #expect(folderCheck.status == result.status)
        return (result.status, rows)
    }

    static func rows(_ findings: [[String: Any]]) throws -> [String] {
        findings.map { finding in
            let entry = (finding["entry"] as? Int).map { "entry \($0)" } ?? [finding["partner"], finding["category"], finding["period"]]
                .compactMap { value -> String? in
                    if let text = value as? String { return text }
                    if let number = value as? Int { return String(number) }
                    return nil
                }.joined(separator: " ")
            return "\(finding["rule"] as? String ?? "?") \(entry): \(finding["expected"] as? String ?? "-") \(finding["found"] as? String ?? "-") \(finding["difference"] as? String ?? "-")"
        }
    }

    @Test("every planted violation of interreg-2014-2020 is found once, with its place and amounts")
    func planted() throws {
        let (status, rows) = try Self.findings("audit-interreg-2014-2020")
        #expect(status == 1)
        #expect(rows == [
            "eligibility.project-period entry 4: 0.00 300.00 300.00",
            "eligibility.unpaid entry 5: 0.00 1200.00 1200.00",
            "eligibility.paid-after-claim entry 11: 0.00 2000.00 2000.00",
            "eligibility.recoverable-vat entry 12: 1000.00 1210.00 210.00",
            "conversion.rate-month entry 13: 505.88 500.00 -5.88",
            "duplicate.same-report entry 7: 0.00 500.00 500.00",
            "duplicate.across-reports entry 16: 0.00 500.00 500.00",
            "duplicate.across-partners entry 8: 0.00 500.00 500.00",
            "flat-rate.amount LP office 1: 600.00 650.00 50.00",
            "budget.flexibility equipment: 8399.95 45000.00 36600.05",
            "cofinancing.above-approved PP2: 34000.00 40681.00 6681.00",
        ])
    }

    @Test("the clean twin has no finding")
    func cleanTwin() throws {
        let (status, rows) = try Self.findings("audit-interreg-2014-2020-clean")
        #expect(status == 0)
        #expect(rows.isEmpty)
    }
}
