import Glibc

import GrantFuzzing

/// The reader under test, named by GRANTLEDGER_FUZZ_TARGET (see `Fuzz/run`).
nonisolated(unsafe) private var target: FuzzTarget?

/// libFuzzer's entry point: one input per call.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    if target == nil {
        let name = getenv("GRANTLEDGER_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let chosen = FuzzTarget(rawValue: name) else {
            fatalError("set GRANTLEDGER_FUZZ_TARGET to one of \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        target = chosen
    }
    target!.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}
