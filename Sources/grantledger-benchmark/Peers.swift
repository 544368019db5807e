import Foundation
import GrantCLI

/// The side-by-side benchmark: for each size, a synthetic LLI-59 folder with N expenditure
/// lines; `grantledger` measured as whole processes (check and budget-vs-actual from the CSV
/// files, import into a ledger, budget-vs-actual from the ledger), and ledger-cli and hledger
/// on the same data, exported with `grantledger export --format ledger`. The journal's total
/// is checked against ours to the cent.
enum PeerBenchmark {
    struct Measure {
        let seconds: Double  // money-ok: a timing
        let megabytes: Double  // money-ok: a memory size
    }

    /// Runs `executable` with `arguments` under /usr/bin/time for its peak resident memory (%M),
    /// then spawned directly for its wall time on this clock and its standard output: up to five
    /// times while the runs add up to less than a second, the median taken (a single run of a few
    /// milliseconds varies by a fifth on this machine). Timing direct runs keeps /usr/bin/time's
    /// own start (about a millisecond) out of the time; the kernel's peak for a directly spawned
    /// child would include this process's own memory. `memoryEnvironment` overrides the
    /// environment of the memory run: a command that changes its ledger (an import) runs there on
    /// a copy, and `once` then times it once. `output`, a file the command writes, is removed
    /// before each run, so that every run writes it afresh.
    static func measure(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                        memoryEnvironment: [String: String] = [:], once: Bool = false, output file: String? = nil) -> (Measure, String)? {
        let scratch = NSTemporaryDirectory() + "grantledger-measure-\(getpid())"
        defer { unlink(scratch + ".out"); unlink(scratch + ".time") }
        if let file { unlink(file) }
        guard spawn(["/usr/bin/time", "-f", "%M", "-o", scratch + ".time", executable] + arguments,
                    environment: environment.merging(memoryEnvironment) { $1 }, output: "/dev/null") != nil,
              let kilobytes = (try? String(contentsOfFile: scratch + ".time", encoding: .utf8))?
                .split(separator: "\n").last.flatMap({ Double($0) }) else { return nil }  // money-ok: a memory size
        var runs: [Double] = []  // money-ok: seconds
        repeat {
            if let file { unlink(file) }
            guard let seconds = spawn([executable] + arguments, environment: environment, output: scratch + ".out") else { return nil }
            runs.append(seconds)
        } while !once && runs.count < 5 && runs.reduce(0, +) < 1
        let seconds = runs.sorted()[runs.count / 2]
        let output = (try? String(contentsOfFile: scratch + ".out", encoding: .utf8)) ?? ""
        return (Measure(seconds: seconds, megabytes: kilobytes / 1024), output)
    }

    /// `command`'s wall seconds with its output to `output`; nil when it cannot be started.
    private static func spawn(_ command: [String], environment: [String: String], output: String) -> Double? {  // money-ok: seconds
        ChildRun.spawn(command, environment: environment, output: output)?.seconds
    }

    static func run(sizes: [Int], fixtures: String, grantledger: String) throws {
        installPeersWhenMissing()
        let ledger = ["/usr/bin/ledger"].first { FileManager.default.isExecutableFile(atPath: $0) }
        let hledger = ["/usr/bin/hledger"].first { FileManager.default.isExecutableFile(atPath: $0) }
        print("GrantLedger side by side (whole processes: wall seconds, the median of up to 5 runs within a second; peak MiB; × = times faster than ledger-cli, than hledger)")
        if ledger == nil || hledger == nil { print("  (ledger or hledger could not be installed: run apt-get install ledger hledger as root)") }
        print(row("lines", "step", "grantledger", "ledger-cli", "hledger") + "  ×ledger  ×hledger")
        // What starting and timing any process costs here, so small sizes can be read fairly.
        let floor = measure("/bin/true", [])?.0
        print(row("-", "starting a process (/bin/true)", floor.map { String(format: "%7.3f s %6.0f MiB", $0.seconds, $0.megabytes) } ?? "-", "", ""))
        for size in sizes {
            let folder = NSTemporaryDirectory() + "grantledger-peers-\(getpid())-\(size)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            for name in ["project.json", "budget-lines.csv"] {
                try FileManager.default.copyItem(atPath: "\(fixtures)/lli-59-open-leadership/\(name)", toPath: "\(folder)/\(name)")
            }
            try writeExpenditure(size, to: "\(folder)/expenditure.csv")
            try "file,submitted\nexpenditure.csv,2019-05-15\n".write(toFile: "\(folder)/submissions.csv", atomically: true, encoding: .utf8)
            let database = "\(folder)/ledger.db"
            let journal = "\(folder)/export.journal"
            // The benchmark's own signing key, made by init in the scratch folder (never the user's keys).
            let environment = ["GRANTLEDGER_DB": database, "GRANTLEDGER_NOW": "2026-11-22T12:00:00Z", "USER": "benchmark",
                               "GRANTLEDGER_KEYS": "\(folder)/keys"]
            func ours(_ arguments: [String], output: String? = nil) -> Measure? {
                measure(grantledger, arguments + (output.map { ["--output", $0] } ?? []), environment: environment, output: output)?.0
            }
            let check = ours(["check", folder])
            let folderReport = ours(["report", "budget-vs-actual", folder], output: "\(folder)/bva-folder.txt")
            // Steps not measured run once, directly.
            func step(_ arguments: [String]) throws {
                guard spawn([grantledger] + arguments, environment: environment, output: "/dev/null") != nil else {
                    throw BenchmarkFailure(message: "grantledger \(arguments.joined(separator: " ")) could not be started")
                }
            }
            try step(["init"])
            try step(["load", folder])
            // The import's memory is measured on a copy of the ledger, its time on the ledger itself.
            let copy = "\(folder)/ledger-copy.db"
            try FileManager.default.copyItem(atPath: database, toPath: copy)
            let importRun = measure(grantledger, ["import", "\(folder)/expenditure.csv", "--submitted", "2019-05-15"],
                                    environment: environment, memoryEnvironment: ["GRANTLEDGER_DB": copy], once: true)?.0
            let ledgerReport = ours(["report", "budget-vs-actual"], output: "\(folder)/bva-ledger.txt")
            try step(["export", "--format", "ledger", "--output", journal])
            let span = try budgetSpan(journal)
            let ledgerBalance = ledger.flatMap { measure($0, ["-f", journal, "balance"]) }
            let ledgerBudget = ledger.flatMap { measure($0, ["-f", journal, "budget"]) }
            let hledgerBalance = hledger.flatMap { measure($0, ["-f", journal, "balance"]) }
            let hledgerBudget = hledger.flatMap { measure($0, ["-f", journal, "balance", "--budget", "-b", span.from, "-e", span.to]) }
            func cell(_ value: Measure?) -> String {
                value.map { String(format: "%7.3f s %6.0f MiB", $0.seconds, $0.megabytes) } ?? "-"
            }
            // Two reports against two: check and budget vs actual against the peers' balance and budget.
            let rows: [(String, Measure?, Measure?, Measure?)] = [
                ("(a) check + budget vs actual, CSV", sum(check, folderReport), sum(ledgerBalance?.0, ledgerBudget?.0), sum(hledgerBalance?.0, hledgerBudget?.0)),
                ("(b) import into the ledger", importRun, nil, nil),
                ("(c) budget vs actual, from ledger", ledgerReport, ledgerBudget?.0, hledgerBudget?.0),
            ]
            for (step, mine, first, second) in rows {
                func ratio(_ peer: Measure?) -> String {
                    guard let mine, let peer else { return "" }
                    return String(format: "%9.1f×", peer.seconds / mine.seconds)
                }
                print(row(String(size), step, cell(mine), cell(first), cell(second)) + ratio(first) + ratio(second))
            }
            func seconds(_ run: (Measure, String)?) -> String { run.map { String(format: "%.3f s", $0.0.seconds) } ?? "-" }
            print("           the peers' reports: ledger-cli balance \(seconds(ledgerBalance)), budget \(seconds(ledgerBudget)); "
                  + "hledger balance \(seconds(hledgerBalance)), balance --budget \(seconds(hledgerBudget))")
            try checkTotals(ourReport: "\(folder)/bva-ledger.txt", balance: ledgerBalance?.1, budget: ledgerBudget?.1)
        }
    }

    /// The first and the day after the last day of the journal's budget (its periodic
    /// transactions, `~ every N days from START to END`), for hledger's report period.
    static func budgetSpan(_ journal: String) throws -> (from: String, to: String) {
        let rules = try String(contentsOfFile: journal, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("~ ") }
        func word(after marker: String, in line: Substring?) -> String? {
            guard let line, let range = line.range(of: marker) else { return nil }
            return line[range.upperBound...].split(separator: " ").first.map(String.init)
        }
        guard let from = word(after: " from ", in: rules.first), let to = word(after: " to ", in: rules.last) else {
            throw BenchmarkFailure(message: "the exported journal \(journal) has no budget (periodic transactions)")
        }
        return (from, to)
    }

    /// The exported journal must hold our figures to the cent: ledger-cli's funding total is minus
    /// our declared total, and its budget for funding minus our approved budget. Prints the four;
    /// throws when they differ.
    static func checkTotals(ourReport: String, balance: String?, budget: String?) throws {
        guard let balance, let budget, let report = try? String(contentsOfFile: ourReport, encoding: .utf8) else { return }
        // Our report's Total line: budget, declared, certified, remaining, used.
        let ours = report.split(separator: "\n").first { $0.hasPrefix("Total") }?.split(separator: " ").dropFirst().map(String.init) ?? []
        // ledger-cli's line for the account `funding` itself: balance has the total; budget has actual, then budget.
        func fundingLine(_ output: String) -> [String] {
            output.split(separator: "\n").first { $0.hasSuffix(" funding") }?.split(separator: " ").map(String.init) ?? []
        }
        let journalDeclared = fundingLine(balance).first ?? "?", journalBudget = fundingLine(budget).dropFirst(2).first ?? "?"
        let ourBudget = ours.first ?? "?", ourDeclared = ours.dropFirst().first ?? "?"
        func cents(_ text: String) -> String { text.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "-", with: "") }
        let agree = cents(journalDeclared) == cents(ourDeclared) && cents(journalBudget) == cents(ourBudget)
        print("           totals: ledger-cli funding \(journalDeclared) EUR, budget \(journalBudget) EUR; grantledger declared \(ourDeclared), budget \(ourBudget): "
              + (agree ? "equal to the cent" : "DIFFERENT"))
        guard agree else { throw BenchmarkFailure(message: "the exported journal's totals differ from ours") }
    }

    /// Debian's ledger and hledger, installed with apt-get when either is missing and the
    /// benchmark runs as root (as on the project's CI machine); otherwise the table leaves them out.
    static func installPeersWhenMissing() {
        let missing = ["ledger", "hledger"].filter { !FileManager.default.isExecutableFile(atPath: "/usr/bin/\($0)") }
        guard !missing.isEmpty, getuid() == 0 else { return }
        print("Installing \(missing.joined(separator: " and ")) from Debian's packages (apt-get install -y \(missing.joined(separator: " ")))…")
        for arguments in [["update", "-qq"], ["install", "-y", "-qq"] + missing] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/apt-get")
            process.arguments = arguments
            process.environment = ["DEBIAN_FRONTEND": "noninteractive", "PATH": "/usr/sbin:/usr/bin:/sbin:/bin"]
            process.standardOutput = FileHandle.nullDevice
            guard (try? process.run()) != nil else { return }
            process.waitUntilExit()
        }
    }

    /// A table row: the size right-aligned, the step left-aligned, the measures right-aligned.
    static func row(_ size: String, _ step: String, _ ours: String, _ ledger: String, _ hledger: String) -> String {
        func left(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: max(0, width - text.count)) }
        func right(_ text: String, _ width: Int) -> String { String(repeating: " ", count: max(0, width - text.count)) + text }
        return right(size, 9) + "  " + left(step, 36) + right(ours, 20) + right(ledger, 22) + right(hledger, 22)
    }

    static func sum(_ first: Measure?, _ second: Measure?) -> Measure? {
        guard let first, let second else { return nil }
        return Measure(seconds: first.seconds + second.seconds, megabytes: max(first.megabytes, second.megabytes))
    }

    /// The same synthetic lines as the import benchmark.
    static func writeExpenditure(_ count: Int, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        var text = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n"
        let categories = ["staff", "office", "travel", "external", "equipment"]
        for index in 0..<count {
            let net = 100 + (index &* 7_919) % 500_000
            let vat = net * 21 / 100
            func euros(_ cents: Int) -> String { "\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)" }
            let day = index % 28 + 1
            text += "\(index % 2 == 0 ? "LP" : "PP2"),\(categories[index % 5]),\(index % 4 + 1),INV-\(index),Supplier \(index % 997),"
            text += "2018-03-\(day < 10 ? "0" : "")\(day),2018-04-15,\(euros(net)),\(euros(vat)),\(euros(net + vat)),EUR,,,"
            text += "Benchmark line \(index),DOC/\(index)\n"
            if text.utf8.count > 1 << 20 {
                handle.write(Data(text.utf8))
                text = ""
            }
        }
        handle.write(Data(text.utf8))
    }
}
