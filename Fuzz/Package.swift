// swift-tools-version: 6.2
import PackageDescription

// The libFuzzer driver, kept out of the main package so `swift build` and `swift test` there
// never need the fuzzer runtime. Build and run it with `Fuzz/run` (see RELIABILITY.md).
let package = Package(
    name: "GrantLedgerFuzz",
    dependencies: [.package(name: "GrantLedger", path: "..")],
    targets: [
        .executableTarget(
            name: "grantledger-fuzz",
            dependencies: [.product(name: "GrantFuzzing", package: "GrantLedger")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        ),
    ],
    swiftLanguageModes: [.v6]
)
