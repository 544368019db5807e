import Foundation

/// The benchmark on realistic lines (`RealisticLines`), each step a whole `grantledger` process
/// timed on this clock with its peak memory, against step 11's targets, and ledger-cli's balance
/// of the same ledger exported as a journal, in the same run.
enum RealisticBenchmark {
    typealias Run = ChildRun

    /// Step 11's targets at 1,000,000 lines: seconds, and MiB where one is set.
    static let targets: [String: (seconds: Double, megabytes: Double?)] = [  // money-ok: limits on timings
        "check FOLDER": (1.0, 250), "import (4 files)": (4.0, nil), "check on the ledger": (1.0, 250), "verify": (2.0, nil),
        "budget vs actual": (0.05, nil),
    ]
    static let order = ["check FOLDER", "import (4 files)", "check on the ledger", "verify", "budget vs actual", "ledger-cli balance"]

    static func run(sizes: [Int], latvian: Bool, fixtures: String, grantledger: String) throws {
        PeerBenchmark.installPeersWhenMissing()
        let ledgerCLI = FileManager.default.isExecutableFile(atPath: "/usr/bin/ledger") ? "/usr/bin/ledger" : nil
        print("GrantLedger on realistic lines\(latvian ? " in Latvian form" : "") (whole processes: wall seconds, peak MiB)")
        print(pad("lines", 10) + pad("step", 22) + pad("time, memory", 20) + "target")
        for size in sizes {
            let scratch = NSTemporaryDirectory() + "grantledger-realistic-\(getpid())-\(size)"
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            try FileManager.default.createDirectory(atPath: scratch + "/keys", withIntermediateDirectories: true)
            let folder = scratch + "/folder"
            try RealisticLines.writeFolder(folder, lines: size, latvian: latvian, fixture: fixtures + "/lli-59-open-leadership")
            var runs = try steps(folder: folder, scratch: scratch, grantledger: grantledger)
            if let ledgerCLI {
                runs["ledger-cli balance"] = ChildRun.median(of: 3) {
                    ChildRun.spawn([ledgerCLI, "-f", scratch + "/export.journal", "balance"], environment: [:])
                }
            }
            for step in order {
                guard let run = runs[step] else { continue }
                var target = ""
                if size == 1_000_000, let goal = targets[step] {
                    let met = run.seconds <= goal.seconds && goal.megabytes.map { run.megabytes <= $0 } != false
                    target = "≤ \(format(goal.seconds, 2)) s" + (goal.megabytes.map { ", ≤ \(format($0, 0)) MiB" } ?? "")
                        + (met ? " met" : " MISSED")
                }
                if step == "ledger-cli balance", let ours = runs["check FOLDER"] {
                    target = "check FOLDER is \(format(run.seconds / ours.seconds, 1))× faster (target ≥ 10×)"
                }
                print(pad("\(size)", 10) + pad(step, 22) + pad(describe(run), 20) + target)
            }
        }
    }

    /// check FOLDER, then the folder imported into a fresh ledger, checked, verified, reported
    /// and exported; each step checked to succeed.
    private static func steps(folder: String, scratch: String, grantledger: String) throws -> [String: Run] {
        let environment = ["GRANTLEDGER_DB": scratch + "/ledger.db", "GRANTLEDGER_KEYS": scratch + "/keys", "USER": "benchmark",
                           "GRANTLEDGER_NOW": "2026-12-01T12:00:00Z"]
        // A step that leaves the ledger as it was is timed three times and its median taken, as
        // ledger-cli's balance is: a single run on this shared machine varies by up to a third.
        func step(_ arguments: [String], findings: Bool = false, times: Int = 1) throws -> Run {
            // check exits 1 when it finds errors, as it does here (the spend is far over the budget).
            guard let run = ChildRun.median(of: times, { ChildRun.spawn([grantledger] + arguments, environment: environment) }),
                  run.status == 0 || findings && run.status == 1 else {
                throw BenchmarkFailure(message: "grantledger \(arguments.joined(separator: " ")) failed")
            }
            return run
        }
        var runs = ["check FOLDER": try step(["check", folder], findings: true, times: 3)]
        _ = try step(["init"])
        _ = try step(["load", folder])
        var imports: [Run] = []
        for (period, submitted) in RealisticLines.submissions.enumerated() {
            imports.append(try step(["import", "\(folder)/expenditure-p\(period + 1).csv", "--rates", "\(folder)/rates.csv",
                                     "--submitted", submitted]))
        }
        runs["import (4 files)"] = Run(seconds: imports.map(\.seconds).reduce(0, +), megabytes: imports.map(\.megabytes).max() ?? 0,
                                       status: 0)
        runs["check on the ledger"] = try step(["check"], findings: true, times: 3)
        runs["verify"] = try step(["verify"], times: 3)
        // A report of a few milliseconds: the median of five runs.
        runs["budget vs actual"] = try step(["report", "budget-vs-actual"], times: 5)
        _ = try step(["export", "--format", "ledger", "--output", scratch + "/export.journal"])
        return runs
    }

    private static func describe(_ run: Run) -> String {
        "\(format(run.seconds, run.seconds < 1 ? 3 : 2)) s, \(format(run.megabytes, 0)) MiB"
    }

    private static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }  // money-ok

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
    }
}
