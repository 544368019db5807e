// The import benchmark: generates an expenditure file of N lines for the LLI-59 fixture, imports
// it into a fresh ledger through the same code path as `grantledger import`, then verifies the
// ledger, and prints wall-clock times and the process's peak memory. Run it in release mode:
//
//     swift run -c release grantledger-benchmark [--lines N] [--fixtures DIR]
//
// Figures are recorded in BENCHMARKS.md. `grantledger-benchmark peers [--sizes 10000,100000]`
// runs the side-by-side benchmark instead (see Peers.swift).
import Foundation
import GrantCLI

let arguments = CommandLine.arguments
if arguments.dropFirst().first == "peers" {
    let sizesText = arguments.firstIndex(of: "--sizes").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "10000,100000,1000000"
    let fixtures = arguments.firstIndex(of: "--fixtures").flatMap { $0 + 1 < arguments.count ? arguments[$0 + 1] : nil } ?? "Fixtures"
    let executable = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("grantledger").path
    try PeerBenchmark.run(sizes: sizesText.split(separator: ",").compactMap { Int($0) }, fixtures: fixtures, grantledger: executable)
    exit(0)
}
func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}
guard let lines = Int(option("--lines", "1000000")), lines > 0 else {
    FileHandle.standardError.write(Data("--lines takes a whole number above zero\n".utf8))
    exit(2)
}
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
let session = Session(console: console, environment: ["GRANTLEDGER_DB": database, "USER": "benchmark"]) {
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
