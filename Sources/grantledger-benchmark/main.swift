// The import benchmark: generates an expenditure file of N lines for the LLI-59 fixture, imports
// it into a fresh ledger through the same code path as `grantledger import`, then verifies the
// ledger, and prints wall-clock times and the process's peak memory. Run it in release mode:
//
//     swift run -c release grantledger-benchmark [--lines N] [--fixtures DIR]
//
// Figures are recorded in BENCHMARKS.md. `grantledger-benchmark peers [--sizes 10000,100000]`
// runs the side-by-side benchmark instead (see Peers.swift); `realistic` the steps on realistic
// lines against step 11's targets (Realistic.swift); `backends --server URI` the SQLite and
// PostgreSQL backends side by side on realistic lines (Backends.swift).
import Foundation
import GrantCLI

let arguments = CommandLine.arguments
let usage = """
Usage: grantledger-benchmark [--lines N] [--fixtures DIR]
       grantledger-benchmark peers [--sizes N,N,...] [--fixtures DIR]
       grantledger-benchmark realistic [--sizes N,N,...] [--latvian] [--fixtures DIR]
       grantledger-benchmark realistic --write DIR [--lines N] [--latvian] [--fixtures DIR]
       grantledger-benchmark backends --server URI [--files DIR] [--fixtures DIR]

Build in release mode and run from the project root, e.g.
  swift run -c release grantledger-benchmark peers

Without a mode: the import benchmark. Generates N synthetic expenditure lines (default
1000000) for the LLI-59 fixture, imports them into a fresh ledger and verifies it, and prints
the times and the peak memory.

peers: the side-by-side benchmark. For each size (default 10000,100000,1000000) generates a
synthetic folder and measures, as whole processes, (a) check plus budget vs actual from the
CSV files, (b) import into a ledger, (c) budget vs actual from the ledger; exports the ledger
as a journal, runs ledger-cli's and hledger's balance on it (installing them with apt-get when
missing and run as root), prints the ratios, and checks the journal's total against ours.

realistic: for each size (default 100000,1000000) writes a project folder of realistic lines
(4 files, one per period, dates spread over it, 1% in PLN, GBP or USD at their own rate, 30%
quoted descriptions, 3,000 suppliers with Latvian and Lithuanian letters; --latvian: every file
with semicolons, a decimal comma and DD.MM.YYYY dates) and times, as whole processes: check
FOLDER, the import of the 4 files, check on the ledger, verify and budget vs actual (a step
that leaves the ledger as it was: the median of three runs; budget vs actual of five), against
step 11's targets at 1,000,000 lines, and ledger-cli's balance of the exported journal (three).
With --write DIR it only writes such a folder of --lines lines (default 1000000) to DIR.

backends: the same ledger of 1,000,000 realistic lines (the realistic mode's 4 files, made in a
scratch folder unless --files names them) built in a SQLite file and in the PostgreSQL database
--server names (empty; e.g. createdb grantledger_bench), step by step as whole processes:
import, budget vs actual, check on the ledger and verify, with the issue's targets for the server.

Options:
  --lines N        expenditure lines for the import benchmark
  --server URI     backends: an empty PostgreSQL database, postgresql://…
  --files DIR      backends: the realistic files, if already made
  --sizes N,N,...  sizes for peers and realistic
  --latvian        realistic: the files in Latvian form
  --write DIR      realistic: write the folder to DIR and stop
  --fixtures DIR   the fixtures folder (default Fixtures)
  -h, --help       this text

Exit status: 0 done; 1 a step failed; 2 bad arguments.
"""
func refuse(_ message: String) -> Never {
    FileHandle.standardError.write(Data("grantledger-benchmark: \(message)\n\n\(usage)\n".utf8))
    exit(2)
}
if arguments.contains("--help") || arguments.contains("-h") {
    print(usage)
    exit(0)
}
// Every argument is a known option followed by its value (after the optional mode).
let mode = ["peers", "realistic", "backends"].first { $0 == arguments.dropFirst().first }
let known = switch mode {
case "peers": ["--sizes", "--fixtures"]
case "realistic": ["--sizes", "--fixtures", "--latvian", "--write", "--lines"]
case "backends": ["--server", "--files", "--fixtures"]
default: ["--lines", "--fixtures"]
}
let flags: Set = ["--latvian"]
var rest = Array(arguments.dropFirst(mode == nil ? 1 : 2))
while let name = rest.first {
    guard known.contains(name) else { refuse("unknown argument \"\(name)\"") }
    if flags.contains(name) {
        rest.removeFirst()
        continue
    }
    guard rest.count >= 2 else { refuse("\(name) needs a value") }
    rest.removeFirst(2)
}
/// Runs a mode and exits: 0 when it ends, 1 with its message when it fails.
func runMode(_ body: () throws -> Void) -> Never {
    do {
        try body()
    } catch let failure as BenchmarkFailure {
        FileHandle.standardError.write(Data("grantledger-benchmark: \(failure.message)\n".utf8))
        exit(1)
    } catch {
        FileHandle.standardError.write(Data("grantledger-benchmark: \(error)\n".utf8))
        exit(1)
    }
    exit(0)
}
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}
/// The grantledger executable built beside this one.
let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("grantledger").path
/// The sizes `--sizes` gives, else `fallback`.
func sizes(_ fallback: String) -> [Int] {
    let sizes = option("--sizes", fallback).split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
    guard !sizes.isEmpty, sizes.allSatisfy({ ($0 ?? 0) > 0 }) else {
        refuse("--sizes takes whole numbers above zero separated by commas, e.g. 10000,100000")
    }
    return sizes.compactMap { $0 }
}
if mode == "peers" {
    let fixtures = option("--fixtures", "Fixtures")
    runMode { try PeerBenchmark.run(sizes: sizes("10000,100000,1000000"), fixtures: fixtures, grantledger: executable) }
}
if mode == "realistic" {
    let fixtures = option("--fixtures", "Fixtures")
    let latvian = arguments.contains("--latvian")
    if arguments.contains("--write") {
        guard let lines = Int(option("--lines", "1000000")), lines > 0 else { refuse("--lines takes a whole number above zero") }
        runMode {
            try RealisticLines.writeFolder(option("--write", ""), lines: lines, latvian: latvian,
                                           fixture: fixtures + "/lli-59-open-leadership")
        }
    }
    runMode { try RealisticBenchmark.run(sizes: sizes("100000,1000000"), latvian: latvian, fixtures: fixtures, grantledger: executable) }
}
if mode == "backends" {
    let server = option("--server", "")
    guard server.hasPrefix("postgresql://") || server.hasPrefix("postgres://") else {
        refuse("backends needs --server postgresql://… (an empty database)")
    }
    let files = arguments.contains("--files") ? option("--files", "") : nil
    runMode { try BackendBenchmark.run(server: server, files: files, fixtures: option("--fixtures", "Fixtures"), grantledger: executable) }
}
guard let lines = Int(option("--lines", "1000000")), lines > 0 else { refuse("--lines takes a whole number above zero") }
let fixture = option("--fixtures", "Fixtures") + "/lli-59-open-leadership"
let folder = NSTemporaryDirectory() + "grantledger-benchmark-\(getpid())"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(atPath: folder) }

/// The process's peak resident memory in MiB, from /proc (Linux).
func peakMemoryMiB() -> Double {  // money-ok: a measurement for people, never an amount
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
          let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }  // money-ok
    return kilobytes / 1024
}

func timed(_ label: String, _ body: () -> Int32) -> Double {  // money-ok: seconds
    let start = DispatchTime.now().uptimeNanoseconds
    let status = body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9  // money-ok
    guard status == 0 else {
        FileHandle.standardError.write(Data("\(label) failed with status \(status)\n".utf8))
        exit(1)
    }
    return seconds
}

let expenditure = folder + "/expenditure.csv"
let database = folder + "/ledger.db"
let console = RecordingConsole()
// The benchmark's own signing key, made by init in the scratch folder (never the user's keys).
let session = Session(console: console, environment: ["GRANTLEDGER_DB": database, "USER": "benchmark",
                                                      "GRANTLEDGER_KEYS": folder + "/keys"]) {
    Timestamp(text: "2026-11-22T12:00:00Z")!
}
let generation = timed("generate") { (try? PeerBenchmark.writeExpenditure(lines, to: expenditure)) == nil ? 1 : 0 }
let size = (try? FileManager.default.attributesOfItem(atPath: expenditure)[.size] as? Int) ?? 0
_ = timed("init") { GrantLedgerCommand.run(["init"], session: session) }
_ = timed("load") { GrantLedgerCommand.run(["load", fixture], session: session) }
let memoryBefore = peakMemoryMiB()
let importSeconds = timed("import") { GrantLedgerCommand.run(["import", expenditure], session: session) }
let memoryAfterImport = peakMemoryMiB()
let verifySeconds = timed("verify") { GrantLedgerCommand.run(["verify"], session: session) }
let linesPerSecond = Double(lines) / importSeconds  // money-ok: timing
print("""
GrantLedger import benchmark
  lines:            \(lines) (\(size / 1_048_576) MiB file, generated in \(String(format: "%.1f", generation)) s)
  import:           \(String(format: "%.2f", importSeconds)) s (\(String(format: "%.0f", linesPerSecond)) lines/s)
  verify:           \(String(format: "%.2f", verifySeconds)) s
  peak memory:      \(String(format: "%.0f", memoryAfterImport)) MiB during import (\(String(format: "%.0f", memoryBefore)) MiB before), \(String(format: "%.0f", peakMemoryMiB())) MiB after verify
""")
