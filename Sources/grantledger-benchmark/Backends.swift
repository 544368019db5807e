import Foundation

/// The two backends side by side, on realistic lines: the same LLI-59 ledger built in a SQLite
/// file and in a PostgreSQL database, each step a whole `grantledger` process, timed on this
/// clock with its peak memory (the client's; the server's own is not counted). The lines are
/// `RealisticLines`' 4 files of 250,000: 1% foreign lines at their own rate, 30% quoted
/// descriptions, 3,000 suppliers with Baltic letters.
enum BackendBenchmark {
    typealias Run = ChildRun

    /// What the issue asks of the server, step by step: at most this many times SQLite's time
    /// (nil), or at most this many seconds.
    static let targets: [(step: String, ratio: Double?, seconds: Double?)] = [  // money-ok: limits on timings
        ("import (4 files)", 2, nil), ("budget vs actual", nil, 0.05), ("check on the ledger", 1.5, nil), ("verify", 1.5, nil),
    ]

    /// `server` is an empty database the caller may create a ledger in; `files` holds the
    /// realistic files (made with `RealisticLines` when nil).
    static func run(server: String, files given: String?, fixtures: String, grantledger: String) throws {
        let scratch = NSTemporaryDirectory() + "grantledger-backends-\(getpid())"
        try FileManager.default.createDirectory(atPath: scratch + "/keys", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let files = given ?? scratch + "/lines"
        if given == nil {
            try RealisticLines.writeFolder(files, lines: 1_000_000, latvian: false, fixture: fixtures + "/lli-59-open-leadership")
        }
        var results: [[String: Run]] = []
        for database in [scratch + "/ledger.db", server] {
            results.append(try steps(on: database, files: files, fixture: fixtures + "/lli-59-open-leadership",
                                     keys: scratch + "/keys", grantledger: grantledger))
        }
        print("GrantLedger on SQLite and on PostgreSQL, 1,000,000 realistic lines (wall seconds; the client's peak MiB)")
        print(pad("step", 22) + pad("SQLite", 18) + pad("PostgreSQL", 18) + "ratio  target")
        for (step, ratio, seconds) in targets {
            guard let file = results[0][step], let onServer = results[1][step] else { continue }
            let times = onServer.seconds / file.seconds
            let met = ratio.map { times <= $0 } ?? seconds.map { onServer.seconds <= $0 } ?? true
            let target = ratio.map { "≤ \(format($0, 1))×" } ?? seconds.map { "≤ \(format($0, 2)) s" } ?? ""
            print(pad(step, 22) + pad(describe(file), 18) + pad(describe(onServer), 18)
                  + pad(format(times, 2) + "×", 7) + target + (met ? " met" : " MISSED"))
        }
    }

    /// The steps on one ledger, each checked to succeed.
    private static func steps(on database: String, files: String, fixture: String, keys: String,
                              grantledger: String) throws -> [String: Run] {
        let environment = ["GRANTLEDGER_DB": database, "GRANTLEDGER_KEYS": keys, "USER": "benchmark",
                           "GRANTLEDGER_NOW": "2026-12-01T12:00:00Z"]
        func step(_ arguments: [String]) throws -> Run {
            guard let run = ChildRun.spawn([grantledger] + arguments, environment: environment), run.status == 0 else {
                throw BenchmarkFailure(message: "grantledger \(arguments.joined(separator: " ")) failed on \(database)")
            }
            return run
        }
        _ = try step(["init"])
        _ = try step(["load", fixture])
        var imports: [Run] = []
        for (period, submitted) in [(1, "2017-11-15"), (2, "2018-05-15"), (3, "2018-11-15"), (4, "2019-05-15")] {
            imports.append(try step(["import", "\(files)/expenditure-p\(period).csv", "--rates", "\(fixture)/rates.csv",
                                     "--submitted", submitted]))
        }
        // A report of a few milliseconds: the median of five runs.
        let reports = try (0..<5).map { _ in try step(["report", "budget-vs-actual"]) }.sorted { $0.seconds < $1.seconds }
        // check exits 1 when it finds errors, as it does on these lines (they repeat invoices on purpose).
        guard let check = ChildRun.spawn([grantledger, "check"], environment: environment), check.status <= 1 else {
            throw BenchmarkFailure(message: "grantledger check failed on \(database)")
        }
        return ["import (4 files)": Run(seconds: imports.map(\.seconds).reduce(0, +), megabytes: imports.map(\.megabytes).max() ?? 0,
                                        status: 0),
                "budget vs actual": reports[2], "check on the ledger": check, "verify": try step(["verify"])]
    }

    private static func describe(_ run: Run) -> String {
        "\(format(run.seconds, run.seconds < 1 ? 3 : 1)) s, \(format(run.megabytes, 0)) MiB"
    }

    private static func format(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }  // money-ok

    private static func pad(_ text: String, _ width: Int) -> String {
        text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0)
    }
}
