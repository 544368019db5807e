import Foundation
import GrantCore
import GrantFormats
import GrantStore
import Testing
import TestSupport
@testable import GrantCLI

/// The fast import (`ExpenditureScan` handing lines as bytes to the ledger) against the full one
/// (`ExpenditureReader`): the same entries, hashes, sums and warnings, or the same message.
@Suite("Fast import against the full import")
struct FastImportTests {
    static let recordedAt = "2026-11-22T12:00:00Z"

    /// A fresh ledger with LLI-59 loaded, in `folder`.
    static func ledger(_ folder: ScratchFolder, _ name: String) throws -> LedgerStore {
        let store = try LedgerStore.create(at: folder.path + "/" + name, fileExists: false, owner: TestKeys.owner, name: "t").0
        _ = try store.loadProject(try Repository.grant("lli-59-open-leadership"), by: TestKeys.at(recordedAt))
        return store
    }

    /// Imports `files` into `store`, fast when `fast` (falling back as `import` does), else in
    /// full; each outcome or message, then every entry of the ledger.
    static func imports(_ files: [String], into store: LedgerStore, fast: Bool) throws -> (outcomes: [String], entries: [LedgerEntry], tookFast: Int) {
        let grant = try store.grant("LLI-59")
        let submitted = CalendarDate(year: 2019, month: 5, day: 15)!
        var outcomes: [String] = []
        var tookFast = 0
        for file in files {
            do {
                let reader = ExpenditureReader(grant: grant, closedPeriods: try store.closedPeriods("LLI-59").mapValues { "closed on \($0.recordedAt) by \($0.author)" },
                                               rates: nil, submissionDate: submitted, decimalMark: nil)
                var outcome: LedgerStore.ImportOutcome?
                if fast {
                    outcome = try ImportCommand.fastImport(file, into: store, code: "LLI-59", grant: grant, submitted: submitted,
                                                           by: TestKeys.at(recordedAt), decimalMark: nil,
                                                           unchangedSince: FileSystem.version(file))
                    if outcome != nil { tookFast += 1 }
                }
                if outcome == nil {
                    outcome = try ImportCommand.fullImport(file, into: store, code: "LLI-59", reader: reader, submitted: submitted,
                                                           by: TestKeys.at(recordedAt), unchangedSince: FileSystem.version(file))
                }
                outcomes.append("\(outcome!)")
            } catch {
                outcomes.append("error: \(error)")
            }
        }
        let head = try store.chainHead().sequence
        return (outcomes, try (1...head).map { try store.entry($0) }, tookFast)
    }

    @Test("a clean file of 120 lines and one of 80 with CRLF are imported fast, entry for entry and hash for hash as in full")
    func cleanFilesImportedFast() throws {
        let folder = try FolderSumsTests.cleanFolder()
        let files = [folder.path + "/expenditure-1.csv", folder.path + "/expenditure-2.csv"]
        let fastStore = try Self.ledger(folder, "fast.db")
        let fast = try Self.imports(files, into: fastStore, fast: true)
        let full = try Self.imports(files, into: try Self.ledger(folder, "full.db"), fast: false)
        #expect(fast.tookFast == 2)
        #expect(fast.outcomes == full.outcomes)
        #expect(fast.entries == full.entries)
        #expect(fast.entries.count == 1 + 121 + 81)
        let verification = try fastStore.verify()
        #expect(verification.isIntact, "\(verification.problems)")
        #expect(verification.head.sequence == 203)
    }

    @Test("each change to the file gives the full import's outcome or message, entry for entry", arguments: FolderSumsTests.changes)
    func change(_ change: FolderSumsTests.Change) throws {
        let folder = try FolderSumsTests.cleanFolder()
        try change.apply(folder)
        let files = [folder.path + "/expenditure-1.csv", folder.path + "/expenditure-2.csv", folder.path + "/expenditure-1.csv"]
        let fast = try Self.imports(files, into: try Self.ledger(folder, "fast.db"), fast: true)
        let full = try Self.imports(files, into: try Self.ledger(folder, "full.db"), fast: false)
        #expect(fast.outcomes == full.outcomes)
        #expect(fast.entries == full.entries)
    }

    @Test("a line in a closed period gives the full import's message")
    func refusals() throws {
        let folder = try FolderSumsTests.cleanFolder()
        let files = [folder.path + "/expenditure-1.csv"]
        var results: [[String]] = []
        for fast in [true, false] {
            let store = try Self.ledger(folder, "closed-\(fast).db")
            _ = try store.closePeriod(3, projectCode: "LLI-59", by: TestKeys.at(Self.recordedAt))
            results.append(try Self.imports(files, into: store, fast: fast).outcomes)
        }
        #expect(results[0] == results[1])
        #expect(results[0].first?.contains("period 3 is closed") == true, "\(results[0])")
    }
}
