import Foundation
import Testing
import TestSupport
@testable import GrantCLI

/// The engine against an independent reference model on seeded random projects: every figure of
/// budget vs actual, the co-financing statement, the payment claim, the four forecasts and the
/// audit's findings, amounts and corrections, compared one by one. A difference fails with the
/// seed that reproduces it (`GRANTLEDGER_REFERENCE_SEED=N` runs that one project alone;
/// `GRANTLEDGER_REFERENCE_PROJECTS=N` sets how many, 2,000 by default; `GRANTLEDGER_REFERENCE_KEEP=1` keeps each
/// project folder in /tmp/reference-SEED to look at).
@Suite("Reference model: random projects, figure by figure")
struct ReferenceModelTests {
    static let seeds: [UInt64] = {
        let environment = ProcessInfo.processInfo.environment
        if let one = environment["GRANTLEDGER_REFERENCE_SEED"].flatMap(UInt64.init) { return [one] }
        let count = environment["GRANTLEDGER_REFERENCE_PROJECTS"].flatMap(Int.init) ?? 2_000
        return (0..<UInt64(count)).map { 0x5EED_0000 + $0 }
    }()

    /// The seeds in eight groups, run side by side.
    static let groups: [[UInt64]] = (0..<8).map { group in seeds.enumerated().filter { $0.offset % 8 == group }.map(\.element) }

    @Test("every figure the engine reports equals the reference's", arguments: 0..<8)
    func compare(group: Int) throws {
        for seed in Self.groups[group] {
            let project = RandomProject(seed: seed)
            let folder = try ScratchFolder()
            try project.write(to: folder)
            var differences = Self.differences(project, folder: folder.path) { runCLI($0) }
            // Every fifth project also through a ledger: load, the imports as submitted, the controls and payments.
            if seed % 5 == 0 { differences += try Self.ledgerDifferences(project, folder: folder.path).map { "ledger: " + $0 } }
            if ProcessInfo.processInfo.environment["GRANTLEDGER_REFERENCE_KEEP"] != nil {
                let kept = "/tmp/reference-\(seed)"
                try? FileManager.default.removeItem(atPath: kept)
                try FileManager.default.copyItem(atPath: folder.path, toPath: kept)
                print("kept \(kept): \(Reference.audit(project).rows.count) findings")
            }
            #expect(differences.isEmpty,
                    "seed \(seed) (GRANTLEDGER_REFERENCE_SEED=\(seed)), pack \(project.pack.id):\n\(differences.joined(separator: "\n"))")
        }
    }

    /// Each figure the engine and the reference disagree on, in words.
    static func differences(_ project: RandomProject, folder: String?,
                            run: ([String]) -> (status: Int32, output: String, errors: String)) -> [String] {
        let source = folder.map { [$0] } ?? []
        var found: [String] = []
        func compare(_ what: String, _ engine: [String], _ reference: [String]) {
            guard engine != reference else { return }
            let missing = reference.filter { !engine.contains($0) }
            let extra = engine.filter { !reference.contains($0) }
            found.append("\(what): the reference has \(missing.prefix(6)), the engine \(extra.prefix(6))")
        }
        let check = run(["check"] + source + ["--format", "json"])
        guard let checked = folder == nil ? json(check.output) : json(check.output)?["ledgerCheck"] as? [String: Any] else {
            return ["check did not run: \(check.errors)\(check.output.prefix(300))"]
        }
        let audit = Reference.audit(project)
        compare("findings", ((checked["findings"] as? [[String: Any]]) ?? []).map(findingRow).sorted(), audit.rows.sorted())
        let corrections = (checked["corrections"] as? [String: Any]) ?? [:]
        let engineRows = ((corrections["rows"] as? [[String: Any]]) ?? []).map { "\($0["label"] ?? "") \($0["amount"] ?? "")" }
        let referenceRows = project.partners.compactMap { partner in
            audit.corrections[partner.id].flatMap { $0 == 0 ? nil : "partner \(partner.id) \(RandomProject.amount($0))" }
        } + ((audit.corrections[""] ?? 0) == 0 ? [] : ["no single partner \(RandomProject.amount(audit.corrections[""]!))"])
        compare("corrections", engineRows, referenceRows)
        compare("project correction", ["\(corrections["project"] ?? "")"], [RandomProject.amount(audit.corrections.values.reduce(0, +))])
        compare("unchecked rates", ["\(((checked["unchecked"] as? [Any]) ?? []).count)"], ["\(audit.unchecked)"])
        let keys = ["budget-vs-actual": ["partner", "category", "period", "budget", "declared", "certified", "remaining", "used"],
                    "co-financing": ["partner", "programmeFunds", "public", "automaticPublic", "private", "total", "rate", "cap"],
                    "payment-claim": ["partner", "certified", "rate", "claimed", "received", "outstanding"]]
        let expected = ["budget-vs-actual": Reference.budgetVsActual(project), "co-financing": Reference.coFinancing(project),
                        "payment-claim": Reference.paymentClaim(project)]
        for kind in ["budget-vs-actual", "co-financing", "payment-claim"] {
            let report = run(["report", kind] + source + ["--format", "json"])
            compare(kind, rows(report.output, keys: keys[kind]!), expected[kind]!)
        }
        let asOf = Int(project.seed % UInt64(project.periods.count - 1)) + 1
        for method in ["plan", "run-rate", "trend", "execution"] {
            let forecast = run(["forecast"] + source + ["--method", method, "--as-of", String(asOf), "--format", "json"])
            let projected = rows(forecast.output, keys: ["partner", "category", "budget", "spentToDate", "absorption",
                                                         "projected", "variance"],
                                 section: 0).filter { !$0.hasPrefix("subtotal") }
            compare("forecast \(method) from period \(asOf)", projected, Reference.forecast(project, method: method, asOf: asOf))
        }
        return found
    }

    /// The same comparisons on a ledger that recorded the project as its users would.
    static func ledgerDifferences(_ project: RandomProject, folder: String) throws -> [String] {
        let ledger = try LedgerSession()
        var problems: [String] = []
        func must(_ arguments: [String]) {
            let result = ledger.run(arguments)
            if result.status != 0 { problems.append("\(arguments.joined(separator: " ")) exited \(result.status): \(result.errors)") }
        }
        must(["init"])
        must(["load", folder])
        for file in project.files {
            must(["import", "\(folder)/\(file.name)", "--submitted", file.submitted.description]
                 + (project.rates == nil ? [] : ["--rates", "\(folder)/rates.csv"]))
        }
        let declared = Dictionary(uniqueKeysWithValues: Reference.numbered(project).map { ($0.entry, $0.line.declaredCents) })
        for control in project.controls {
            must(["certify", String(control.entry)] + (control.cents == declared[control.entry]! ? [] : ["--amount",
                    RandomProject.amount(control.cents),
                                                                                                       "--reason", "other"]))
        }
        for payment in project.payments {
            must(["record-payment", payment.partner, RandomProject.amount(payment.cents), "--date",
                  payment.date.description, "--note", "Payment"])
        }
        return problems + differences(project, folder: nil) { ledger.run($0) }
    }

    static func json(_ text: String) -> [String: Any]? {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
    }

    static func text(_ value: Any?) -> String {
        switch value {
        case let text as String: text
        case let number as NSNumber: number.stringValue
        default: "null"
        }
    }

    /// The rows of a report's sections (or one section) as `kind|cell|cell…`.
    static func rows(_ output: String, keys: [String], section: Int? = nil) -> [String] {
        guard let sections = json(output)?["sections"] as? [[String: Any]] else { return ["not a report: \(output.prefix(200))"] }
        let chosen = section.map { [sections[$0]] } ?? sections
        return chosen.flatMap { ($0["rows"] as? [[String: Any]]) ?? [] }.map { row in
            ([text(row["kind"])] + keys.map { text(row[$0]) }).joined(separator: "|")
        }
    }

    /// A finding of `check --format json` as the reference writes one.
    static func findingRow(_ finding: [String: Any]) -> String {
        let place = (finding["entry"] as? Int).map { "entry \($0)" }
            ?? [finding["partner"], finding["category"], finding["period"]].compactMap { value -> String? in
                if let text = value as? String { return text }
                if let number = value as? Int { return String(number) }
                return nil
            }.joined(separator: " ")
        return "\(text(finding["severity"])) \(text(finding["rule"])) \(place): \(text(finding["expected"])) \(text(finding["found"])) "
            + "\(text(finding["difference"])) \(text(finding["correction"]))"
    }
}
