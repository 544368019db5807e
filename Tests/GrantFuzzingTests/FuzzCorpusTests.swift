import Foundation
import Testing
import TestSupport
import GrantFuzzing

/// Every input the fuzzers saved (`Fuzz/corpus/TARGET/`) and every crash they ever found
/// (`Fuzz/crashes/TARGET/`, kept after the fix) runs through its reader again on every test run.
@Suite("Fuzzing corpus replayed")
struct FuzzCorpusTests {
    static func inputs(_ target: FuzzTarget, in folder: String) throws -> [String] {
        let path = Repository.path("Fuzz/\(folder)/\(target.rawValue)")
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: path).filter { !$0.hasPrefix(".") }.sorted().map { "\(path)/\($0)" }
    }

    @Test("every saved input and every past crash reads without crashing", arguments: FuzzTarget.allCases)
    func replay(target: FuzzTarget) throws {
        let corpus = try Self.inputs(target, in: "corpus")
        #expect(corpus.count >= 10, "Fuzz/corpus/\(target.rawValue) holds a seed corpus")
        for path in try corpus + Self.inputs(target, in: "crashes") {
            target.run(Array(try Data(contentsOf: URL(fileURLWithPath: path))))
        }
    }
}
