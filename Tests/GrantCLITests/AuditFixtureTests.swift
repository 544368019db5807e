import Foundation
import Testing
import TestSupport
@testable import GrantCLI

@Suite("Audit fixtures with known answers")
struct AuditFixtureTests {
    /// Every audit fixture: one per rule pack with planted violations, and its clean twin.
    static let scenarios = ["interreg-2014-2020", "interreg-lv-lt-2014-2020", "interreg-2021-2027", "interreg-2021-2027-sco", "eea-norway-2014-2021",
                            "us-2cfr200"]
        .flatMap { ["audit-\($0)", "audit-\($0)-clean"] }

    /// The findings of `check --format json` as `rule place: expected found difference`, one a line.
    static func rows(_ findings: [[String: Any]]) -> [String] {
        findings.map { finding in
            let place = (finding["entry"] as? Int).map { "entry \($0)" } ?? [finding["partner"], finding["category"], finding["period"]]
                .compactMap { value -> String? in
                    if let text = value as? String { return text }
                    if let number = value as? Int { return String(number) }
                    return nil
                }.joined(separator: " ")
            return "\(finding["rule"] as? String ?? "?") \(place): \(finding["expected"] as? String ?? "-") \(finding["found"] as? String ?? "-") \(finding["difference"] as? String ?? "-")"
        }
    }

    static func json(_ output: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    @Test("each planted violation is found exactly once, with its place and amounts; clean twins have none",
          arguments: scenarios)
    func knownAnswers(scenario: String) throws {
        let folder = Repository.path("Fixtures/\(scenario)")
        let expected = try String(contentsOfFile: "\(folder)/expected-findings.txt", encoding: .utf8)
            .split(separator: "\n").map(String.init)

        // Through the ledger: load, import each file as submitted, check.
        let ledger = try LedgerSession()
        let time = "2026-11-22T10:00:00Z"
        #expect(ledger.run(["init"], at: time).status == 0)
        #expect(ledger.run(["load", folder], at: time).status == 0)
        let submissions = try String(contentsOfFile: "\(folder)/submissions.csv", encoding: .utf8).split(separator: "\n").dropFirst()
        for submission in submissions {
            let fields = submission.split(separator: ",").map(String.init)
            let imported = ledger.run(["import", "\(folder)/\(fields[0])", "--submitted", fields[1], "--rates", "\(folder)/rates.csv"], at: time)
            #expect(imported.status == 0, "\(imported.errors)")
        }
        let ledgerCheck = ledger.run(["check", "--format", "json", "--rates", "\(folder)/rates.csv"], at: time)
        let ledgerRows = Self.rows(try #require(try Self.json(ledgerCheck.output)["findings"] as? [[String: Any]]))
        #expect(ledgerRows == expected)
        #expect(ledgerCheck.status == (expected.isEmpty ? 0 : 1))

        // The folder alone, without a database, gives the same findings.
        let folderCheck = runCLI(["check", folder, "--format", "json"])
        let audit = try #require(try Self.json(folderCheck.output)["ledgerCheck"] as? [String: Any])
        #expect(Self.rows(try #require(audit["findings"] as? [[String: Any]])) == expected)
        #expect(folderCheck.status == ledgerCheck.status)
    }
}

@Suite("Folder audit of unknown references")
struct UnknownReferenceTests {
    @Test("a line naming an unknown partner, category or period is a finding with its file and line")
    func unknownReferences() throws {
        let scratch = try ScratchFolder()
        let source = Repository.path("Fixtures/audit-interreg-2014-2020-clean")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: "\(scratch.path)/\(name)")
        }
        let file = "\(scratch.path)/expenditure-2.csv"
        let text = try String(contentsOfFile: file, encoding: .utf8)
            + "PP9,external,1,Z-1,S,2025-04-01,2025-04-02,10.00,0.00,10.00,EUR,,,x,D\n"
            + "LP,catering,1,Z-2,S,2025-04-01,2025-04-02,10.00,0.00,10.00,EUR,,,x,D\n"
            + "LP,external,9,Z-3,S,2025-04-01,2025-04-02,10.00,0.00,10.00,EUR,,,x,D\n"
        try scratch.write("expenditure-2.csv", text)
        let result = runCLI(["check", scratch.path, "--format", "json"])
        #expect(result.status == 1)
        let object = try AuditFixtureTests.json(result.output)
        let audit = try #require(object["ledgerCheck"] as? [String: Any])
        let findings = try #require(audit["findings"] as? [[String: Any]])
        #expect(findings.map { "\($0["rule"] as? String ?? "") \($0["line"] as? Int ?? 0)" } == [
            "reference.partner 5", "reference.category 6", "reference.period 7",
        ])
        #expect(findings.first?["message"] as? String == "partner \"PP9\" is not defined in the project (it has LP, PP2); the line is left out of every other check until it names one")
    }
}
