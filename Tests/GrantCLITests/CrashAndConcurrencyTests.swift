import Foundation
import Testing
import GrantCore
import GrantFormats
import GrantStore
import TestSupport
@testable import GrantCLI

/// The real `grantledger` binary, killed mid-import and run by several processes at once.
@Suite("Crash consistency and concurrency", .serialized)
struct CrashAndConcurrencyTests {
    /// A running `grantledger` process and what it printed.
    final class Run {
        let process = Process()
        let errors = Pipe()
        let output = Pipe()

        /// Runs `grantledger arguments` on `database`, under `tool` (e.g. strace and its options) when given;
        /// with the session's `keys` (by default those beside a database file).
        init(_ arguments: [String], database: String, keys: String? = nil, under tool: [String] = []) throws {
            process.executableURL = URL(fileURLWithPath: tool.first ?? KillTests.executable)
            process.arguments = tool.isEmpty ? arguments : Array(tool.dropFirst()) + [KillTests.executable] + arguments
            let keys = keys ?? URL(fileURLWithPath: database).deletingLastPathComponent().appendingPathComponent("keys").path
            process.environment = ["GRANTLEDGER_DB": database, "USER": "liga", "GRANTLEDGER_KEYS": keys, "PATH": "/usr/bin:/bin"]
            process.standardOutput = output
            process.standardError = errors
            try process.run()
        }

        /// Waits for the end; the exit status (or 128 + signal) and the error text.
        func finish() -> (status: Int32, output: String, errors: String) {
            let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let err = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            let status = process.terminationReason == .uncaughtSignal ? 128 + process.terminationStatus : process.terminationStatus
            return (status, out, err)
        }
    }

    static func expenditure(lines: Int, tag: String, partner: String = "LP") -> String {
        var text = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n"
        for index in 0..<lines {
            text += "\(partner),travel,3,\(tag)-\(index),S,2018-06-01,2018-06-02,10.00,2.10,12.10,EUR,,,line \(index),D\n"
        }
        return text
    }

    /// The entry count `verify` reports, and whether the ledger is intact.
    static func verify(_ database: String) throws -> (intact: Bool, entries: Int, text: String) {
        let result = try Run(["verify"], database: database).finish()
        let count = result.output.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? -1
        return (result.status == 0, count, result.output + result.errors)
    }

    @Test("SIGKILL at random points of an import, many times: the file stays sound, the chain verifies, the batch is all or nothing, a rerun completes it")
    func killedImports() throws {
        let ledger = try LedgerSession(inFile: true)  // the file itself is what is tested
        ledger.walkThrough()
        let rounds = ProcessInfo.processInfo.environment["GRANTLEDGER_KILL_ROUNDS"].flatMap(Int.init) ?? 8
        let lines = 2_000
        // How long a whole import takes here, so kills land anywhere from its start to just past its end.
        let probe = try ledger.scratch.write("probe.csv", Self.expenditure(lines: lines, tag: "P"))
        let copy = ledger.scratch.path + "/probe.db"
        try FileManager.default.copyItem(atPath: ledger.database, toPath: copy)
        let started = Date()
        #expect(try Run(["import", probe, "--submitted", "2018-11-15"], database: copy).finish().status == 0)
        let duration = Date().timeIntervalSince(started)

        var generator = SeededGenerator(seed: 59)
        var (killedBefore, killedAfter) = (0, 0)
        for round in 0..<rounds {
            let before = try Self.verify(ledger.database)
            #expect(before.intact)
            let file = try ledger.scratch.write("round-\(round).csv", Self.expenditure(lines: lines, tag: "R\(round)"))
            let run = try Run(["import", file, "--submitted", "2018-11-15"], database: ledger.database)
            usleep(UInt32(Double.random(in: 0...(duration * 1.1), using: &generator) * 1_000_000))  // money-ok: a delay
            kill(run.process.processIdentifier, SIGKILL)
            _ = run.finish()

            let after = try Self.verify(ledger.database)
            #expect(after.intact, "round \(round): \(after.text)")
            #expect(after.entries == before.entries || after.entries == before.entries + lines + 1,
                    "round \(round): \(after.entries - before.entries) entries added; a batch is all or nothing")
            let rerun = try Run(["import", file, "--submitted", "2018-11-15"], database: ledger.database).finish()
            if after.entries == before.entries {
                killedBefore += 1
                #expect(rerun.status == 0, "round \(round): the rerun did not complete the import: \(rerun.errors)")
            } else {
                killedAfter += 1
                #expect(rerun.status == 2 && rerun.errors.contains("was already imported"), "round \(round): \(rerun.errors)")
            }
            #expect(try Self.verify(ledger.database).entries == before.entries + lines + 1)
        }
        print("crash consistency: \(rounds) kills, \(killedBefore) inside an import (rolled back, rerun completed), \(killedAfter) after it ended (kept, rerun refused as a repeat)")
        #expect(killedBefore > 0, "no kill landed inside an import (\(killedAfter) after it)")
    }

    @Test("four imports, two reports and two verifies at once: every entry lands, nobody sees a busy database, no verify fails")
    func concurrentProcesses() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        // `swift test` runs one round of 2,000-line files; the long series (RELIABILITY.md) many of 300 lines.
        let rounds = ProcessInfo.processInfo.environment["GRANTLEDGER_CONCURRENCY_ROUNDS"].flatMap(Int.init) ?? 1
        let lines = rounds == 1 ? 2_000 : 300
        var falseFailures = 0
        for round in 0..<rounds {
            let before = try Self.verify(ledger.database).entries
            let files = try (0..<4).map { try ledger.scratch.write("c\(round)-\($0).csv",
                Self.expenditure(lines: lines, tag: "C\(round)-\($0)")) }
            var runs = try files.map { try Run(["import", $0, "--submitted", "2018-11-15"], database: ledger.database, keys: ledger.keys) }
            runs += try (0..<2).map { _ in try Run(["report", "budget-vs-actual"], database: ledger.database) }
            runs += try (0..<2).map { _ in try Run(["verify"], database: ledger.database) }
            for (index, result) in runs.map({ $0.finish() }).enumerated() {
                if index >= 6, result.status != 0 { falseFailures += 1 }
                #expect(result.status == 0, "round \(round), process \(index): \(result.output)\(result.errors)")
                #expect(!result.errors.lowercased().contains("busy") && !result.errors.lowercased().contains("locked"),
                        "round \(round), process \(index): \(result.errors)")
            }
            let after = try Self.verify(ledger.database)
            #expect(after.intact)
            #expect(after.entries == before + 4 * (lines + 1))
        }
        print("concurrency: \(rounds) rounds of 4 imports, 2 reports and 2 verifies at once; \(falseFailures) verify failures")
    }

    static let stracePath = "/usr/bin/strace"

    /// The system calls by which a command changes files: a kill right before any one of them is tried.
    static let writeCalls = ["write", "pwrite64", "fsync", "fdatasync", "ftruncate", "rename", "link", "unlink"]

    @Test("SIGKILL at every write, sync, rename and unlink of an import, a payment and a key registration: as before or after, verified",
          .enabled(if: FileManager.default.isExecutableFile(atPath: stracePath)))
    func killedAtEveryWrite() throws {
        let ledger = try LedgerSession(inFile: true)  // the file itself is what is tested
        ledger.loadFixture()
        let fixture = ledger.fixture
        #expect(ledger.run(["import", "\(fixture)/expenditure-p1.csv", "--rates", "\(fixture)/rates.csv",
            "--submitted", "2017-11-15"]).status == 0)
        let commands: [(name: String, arguments: [String], added: Int, repeated: String)] = [
            ("import", ["import", "\(fixture)/expenditure-p2.csv", "--rates", "\(fixture)/rates.csv", "--submitted", "2018-05-15"], 19,
             "was already imported"),
            ("record-payment", ["record-payment", "LP", "20000.00", "--date", "2018-03-20", "--note", "Payment 1"], 1,
                "is already recorded"),
            ("user add", ["user", "add", "inga", "--role", "controller", "--key", TestKeys.inga.publicKey.description], 1,
             "is already registered"),
        ]
        var kills: [String: Int] = [:]
        var (before, after) = (0, 0)
        for command in commands {
            let base = ledger.scratch.path + "/base.db"
            try Self.copyLedger(ledger.database, to: base)
            let start = try Self.verify(base).entries
            for call in Self.writeCalls {
                let count = try Self.calls(call, of: command.arguments, on: base, in: ledger.scratch)
                for occurrence in stride(from: 1, through: count, by: 1) {
                    let copy = ledger.scratch.path + "/kill.db"
                    try Self.copyLedger(base, to: copy)
                    let tool = [Self.stracePath, "-f", "-o", "/dev/null", "-e", "trace=\(call)", "-e",
                        "inject=\(call):signal=KILL:when=\(occurrence)"]
                    let killed = try Run(command.arguments, database: copy, under: tool).finish()
                    let place = "\(command.name), \(call) #\(occurrence)"
                    #expect(killed.status == 128 + SIGKILL, "\(place): \(killed.errors)")
                    kills["\(call)", default: 0] += 1
                    let state = try Self.verify(copy)
                    #expect(state.intact, "\(place): \(state.text)")
                    #expect(state.entries == start || state.entries == start + command.added,
                        "\(place): \(state.entries - start) entries added")
                    if state.entries == start { before += 1 } else { after += 1 }
                    let rerun = try Run(command.arguments, database: copy).finish()
                    #expect(rerun.status == 0 || rerun.errors.contains(command.repeated), "\(place): \(rerun.errors)")
                    let final = try Self.verify(copy)
                    #expect(final.intact && final.entries == start + command.added, "\(place): \(final.text)")
                }
            }
            #expect(try Run(command.arguments, database: ledger.database).finish().status == 0)
        }
        let mix = kills.sorted { $0.key < $1.key }.map { "\($0.value) at \($0.key)" }.joined(separator: ", ")
        print("kill at every write: \(before + after) kills (\(mix)); \(before) before the commit (rolled back), "
            + "\(after) after it (kept whole); every time verify passed and a rerun completed the command")
        #expect(before > 0 && after > 0)
    }

    /// Copies a closed ledger and its WAL, replacing any earlier copy.
    static func copyLedger(_ database: String, to copy: String) throws {
        for suffix in ["", "-wal", "-shm"] {
            try? FileManager.default.removeItem(atPath: copy + suffix)
            if suffix != "-shm", FileManager.default.fileExists(atPath: database + suffix) {
                try FileManager.default.copyItem(atPath: database + suffix, toPath: copy + suffix)
            }
        }
    }

    /// How many times `command` makes system call `call` on a copy of `database`, run whole under strace.
    static func calls(_ call: String, of command: [String], on database: String, in scratch: ScratchFolder) throws -> Int {
        let copy = scratch.path + "/count.db"
        try copyLedger(database, to: copy)
        let trace = scratch.path + "/trace.txt"
        let run = try Run(command, database: copy, under: [stracePath, "-f", "-o", trace, "-e", "trace=\(call)"]).finish()
        #expect(run.status == 0, "\(command) under strace: \(run.errors)")
        return try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
            .filter { $0.contains(" \(call)(") && !$0.contains("resumed>") }.count
    }
}

@Suite("The ledger file itself")
struct LedgerFileTests {
    @Test("init makes the ledger readable by its owner only (0600); its WAL companions follow")
    func ownerOnly() throws {
        let ledger = try LedgerSession(inFile: true)  // the file itself is what is tested
        #expect(ledger.run(["init"]).status == 0)
        ledger.walkThrough()
        let mode = try FileManager.default.attributesOfItem(atPath: ledger.database)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let names = try FileManager.default.contentsOfDirectory(atPath: ledger.scratch.path)
        #expect(!names.contains { $0.contains(".creating-") }, "\(names)")
    }

    @Test("init killed at any moment leaves no ledger or a whole one, never a file every command refuses")
    func killedInit() throws {
        var generator = SeededGenerator(seed: 11)
        var outcomes = (none: 0, whole: 0)
        for round in 0..<40 {
            let scratch = try ScratchFolder()
            let database = scratch.path + "/ledger.db"
            let run = try CrashAndConcurrencyTests.Run(["init"], database: database)
            usleep(UInt32(generator.next() % 40_000))
            kill(run.process.processIdentifier, SIGKILL)
            _ = run.finish()
            if FileManager.default.fileExists(atPath: database) {
                outcomes.whole += 1
                let verify = try CrashAndConcurrencyTests.Run(["verify"], database: database).finish()
                #expect(verify.status == 0, "round \(round): \(verify.errors)")
            } else {
                outcomes.none += 1
                let again = try CrashAndConcurrencyTests.Run(["init"], database: database).finish()
                #expect(again.status == 0, "round \(round): \(again.errors)")
            }
        }
        print("killed init: \(outcomes.none) left no ledger, \(outcomes.whole) a whole one")
    }
}

@Suite("A file still being written")
struct GrowingFileTests {
    @Test("a file that changes while it is imported is refused whole, in ISO or Latvian dates, not imported as a prefix",
          arguments: [false, true])
    func growing(latvian: Bool) throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        var text = CrashAndConcurrencyTests.expenditure(lines: 2_000, tag: "G")
        if latvian { text = text.replacingOccurrences(of: "2018-06-01", with: "01.06.2018") }
        let path = try ledger.scratch.write("growing.csv", text)
        // The version the import starts from; a writer then appends, as it would while the file is read.
        let before = FileSystem.version(path)
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("LP,travel,3,G-more,S,2018-06-01,2018-06-02,10.00,2.10,12.10,EUR,,,more,D\n".utf8))
        try handle.close()
        let store = try LedgerStore.open(at: ledger.database, fileExists: true)
        let grant = try store.grant("LLI-59")
        let submitted = CalendarDate(year: 2018, month: 11, day: 15)!
        let reader = ExpenditureReader(grant: grant, closedPeriods: [:], rates: nil, submissionDate: submitted, decimalMark: nil)
        do {
            _ = try ImportCommand.importFile(path, into: store, code: "LLI-59", reader: reader, submitted: submitted,
                                             by: TestKeys.at("2026-11-22T13:36:35Z"), unchangedSince: before)
            Issue.record("a changed file was imported")
        } catch let error as InputError {
            #expect(error.problem.hasPrefix("the file changed while it was being read (it was \(before!.size) bytes "
                + "and is now \(before!.size + 73))"))
        }
        #expect(try store.chainHead().sequence == 1)
    }
}
