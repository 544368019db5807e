import Foundation
import Testing
import TestSupport
@testable import GrantCLI

@Suite("grantledger forecast")
struct ForecastCommandTests {
    static func json(_ arguments: [String]) throws -> [String: Any] {
        let result = runCLI(["forecast"] + arguments + ["--format", "json"])
        #expect(result.status == 0, "\(result.errors)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
    }

    static func section(_ object: [String: Any], _ title: String) throws -> [[String: Any]] {
        let sections = try #require(object["sections"] as? [[String: Any]])
        return try #require(sections.first { ($0["title"] as? String)?.hasPrefix(title) == true }?["rows"] as? [[String: Any]])
    }

    @Test("LLI-59 from period 2: per-partner projections a project manager can check by hand")
    func lli59FromPeriod2() throws {
        let object = try Self.json([Repository.path("Fixtures/lli-59-open-leadership"), "--as-of", "2"])
        let rows = try Self.section(object, "Projection at the end date")
        let subtotals = rows.filter { $0["kind"] as? String == "subtotal" }
        // LP spent 42,594.42 of the 139,177.58 budgeted for periods 1–2; each of its lines is its
        // spend plus its remaining budget × 42,594.42 ÷ 139,177.58, half-up, and LP's figure
        // is the sum of its lines (staff: 22,200.00 + 34,161.77 × 0.30604… = 32,654.99).
        #expect(subtotals.map { $0["spentToDate"] as? String } == ["42594.42", "29157.33"])
        #expect(subtotals.map { $0["projected"] as? String } == ["77444.40", "58314.66"])
        #expect(rows.first?["projected"] as? String == "32654.99")
        #expect(rows.last?["projected"] as? String == "135759.06")
        let methods = try Self.section(object, "Methods compared")
        #expect(methods.map { $0["projected"] as? String } == ["250433.06", "143503.50", "143942.07", "135759.06"])
    }

    @Test("a planted overspend beyond the flexibility limit is flagged, and the what-if fixes it within the partner")
    func plantedOverspend() throws {
        let scratch = try ScratchFolder()
        let source = Repository.path("Fixtures/lli-59-open-leadership")
        for name in try FileManager.default.contentsOfDirectory(atPath: source) {
            try FileManager.default.copyItem(atPath: "\(source)/\(name)", toPath: "\(scratch.path)/\(name)")
        }
        let header = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n"
        try scratch.write("expenditure-extra.csv", header + "PP2,equipment,2,EQ-77,\"SIA \"\"Datortehnika\"\"\",2018-02-10,2018-02-20,20000.00,0.00,20000.00,EUR,,,Video equipment,PP2/9\n")
        let submissions = try String(contentsOfFile: "\(scratch.path)/submissions.csv", encoding: .utf8)
        try scratch.write("submissions.csv", submissions + "expenditure-extra.csv,2018-05-20\n")
        let object = try Self.json([scratch.path, "--as-of", "2", "--what-if"])
        let risks = try Self.section(object, "Risks")
        #expect(risks.contains { $0["risk"] as? String == "overspend" && $0["where"] as? String == "equipment" && $0["amount"] as? String == "2740.71" })
        let moves = try Self.section(object, "What-if: moves")
        #expect(moves.map { "\($0["partner"] ?? "") \($0["from"] ?? "") \($0["to"] ?? "") \($0["amount"] ?? "")" } == ["PP2 external equipment 13484.35"])
        let budgets = try Self.section(object, "What-if: budgets")
        #expect(budgets.last?["before"] as? String == budgets.last?["after"] as? String)
        let sections = try #require(object["sections"] as? [[String: Any]])
        let notes = sections.flatMap { ($0["notes"] as? [String]) ?? [] }
        #expect(notes.contains("After the moves every projection is within the flexibility limit of its budget; no formal change request is needed."))
    }

    @Test("an overspend the partner's other categories cannot cover is left for a formal change request")
    func formalChange() throws {
        let object = try Self.json([Repository.path("Fixtures/audit-us-2cfr200"), "--what-if"])
        let sections = try #require(object["sections"] as? [[String: Any]])
        let notes = sections.flatMap { ($0["notes"] as? [String]) ?? [] }
        #expect(notes.contains { $0.hasPrefix("A formal change request is still needed for PP2 equipment:") })
    }

    @Test("backtesting LLI-59: each method's error from each past period is pinned to the cent")
    func backtest() throws {
        let object = try Self.json([Repository.path("Fixtures/lli-59-open-leadership"), "--backtest"])
        let rows = try Self.section(object, "Backtest")
        #expect(rows.map { "\($0["asOf"] ?? "") \($0["method"] ?? "") \($0["error"] ?? "")" } == [
            "1 plan 166810.30", "1 run-rate 16689.37", "1 trend 16689.37", "1 execution -12146.53",
            "2 plan 118356.03", "2 run-rate 11426.47", "2 trend 11865.04", "2 execution 3682.03",
            "3 plan 26427.13", "3 run-rate 983.22", "3 trend 4902.88", "3 execution -13131.11",
        ])
    }
}
