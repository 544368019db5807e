// swift-tools-version: 6.2
import PackageDescription

// Every target builds in Swift 6 language mode with all warnings treated as errors.
let strictness: [SwiftSetting] = [.treatAllWarnings(as: .error)]

// The x86 SHA extensions' instructions, for the one module that uses them (and only after it
// has found them in the processor). Other processors build that module empty.
#if arch(x86_64)
let shaExtensions: [SwiftSetting] = strictness + [.unsafeFlags(["-Xcc", "-msha", "-Xcc", "-mssse3"])]
#else
let shaExtensions: [SwiftSetting] = strictness
#endif

// The Swift runtime and Foundation are linked in (-static-stdlib, with lld): a command starts in
// about 5 ms. Not -static-executable (1 ms): the PostgreSQL client library is loaded with dlopen
// when a command first connects to a server, which a fully static binary cannot do safely.
#if os(Linux)
let swiftRuntimeLinkedIn: [LinkerSetting] = [.unsafeFlags(["-static-stdlib", "-use-ld=lld"])]
#else
let swiftRuntimeLinkedIn: [LinkerSetting] = []
#endif

let package = Package(
    name: "GrantLedger",
    // MARK: - Products
    products: [
        .executable(name: "grantledger", targets: ["grantledger"]),
        .library(name: "GrantCore", targets: ["GrantCore"]),
        // The readers wrapped for fuzzing; `Fuzz/` builds the libFuzzer driver on it.
        .library(name: "GrantFuzzing", targets: ["GrantFuzzing"]),
    ],
    // The project uses no package dependencies, by decision (see README).
    dependencies: [],
    targets: [
        // MARK: - Core: pure domain values and calculations, no Foundation, no I/O
        .target(name: "GrantCore", dependencies: ["SHAExtensions"], exclude: ["Ledger/Generated/invoice-folding-table.py"],
                swiftSettings: strictness),
        // SHA-256 blocks on the processor's SHA extensions, when it has them: pure, no I/O but
        // reading /proc/cpuinfo once.
        .target(name: "SHAExtensions", swiftSettings: shaExtensions),

        // MARK: - System libraries
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // The PostgreSQL client library, for a ledger a partnership shares on a server: its headers
        // at build time, libpq.so.5 loaded when a command first connects (see its shim).
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        // Ed25519 signatures of the ledger's entries, and sealing secret keys under a passphrase.
        .systemLibrary(
            name: "CSodium",
            pkgConfig: "libsodium",
            providers: [.apt(["libsodium-dev"])]
        ),

        // MARK: - Outer modules: imports point toward the core
        .target(name: "GrantFormats", dependencies: ["GrantCore"], swiftSettings: strictness),
        // Signing keys, their files and what is signed: pure but for libsodium.
        .target(name: "GrantKeys", dependencies: ["GrantCore", "CSodium"], swiftSettings: strictness),
        .target(name: "GrantStore", dependencies: ["GrantCore", "GrantKeys", "CSQLite", "CLibPQ"], swiftSettings: strictness),
        .target(name: "GrantReports", dependencies: ["GrantCore"],
                exclude: ["PDF/Generated/make-fonts.py", "PDF/Generated/DejaVu-LICENSE.txt"], swiftSettings: strictness),
        .target(
            name: "GrantCLI",
            dependencies: ["GrantCore", "GrantFormats", "GrantKeys", "GrantReports", "GrantStore"],
            swiftSettings: strictness
        ),
        .executableTarget(name: "grantledger", dependencies: ["GrantCLI"], swiftSettings: strictness, linkerSettings: swiftRuntimeLinkedIn),
        .target(name: "GrantFuzzing", dependencies: ["GrantCore", "GrantFormats"], swiftSettings: strictness),
        // The import benchmark; run it with `swift run -c release grantledger-benchmark`.
        .executableTarget(name: "grantledger-benchmark", dependencies: ["GrantCLI"], swiftSettings: strictness),

        // MARK: - Tests
        .target(name: "TestSupport", dependencies: ["GrantCore", "GrantFormats", "GrantKeys", "GrantStore"], path: "Tests/TestSupport",
                swiftSettings: strictness),
        .testTarget(name: "GrantCoreTests", dependencies: ["GrantCore", "SHAExtensions", "TestSupport"], swiftSettings: strictness),
        .testTarget(
            name: "GrantFormatsTests",
            dependencies: ["GrantFormats", "GrantCore", "TestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "GrantReportsTests",
            dependencies: ["GrantReports", "GrantFormats", "GrantCore", "TestSupport"],
            swiftSettings: strictness
        ),
        .testTarget(
            name: "GrantStoreTests",
            dependencies: ["GrantStore", "GrantCore", "GrantFormats", "GrantKeys", "TestSupport", "CSQLite"],
            swiftSettings: strictness
        ),
        .testTarget(name: "GrantKeysTests", dependencies: ["GrantKeys", "GrantCore"], swiftSettings: strictness),
        .testTarget(name: "GrantFuzzingTests", dependencies: ["GrantFuzzing", "TestSupport"], swiftSettings: strictness),
        .testTarget(
            name: "GrantCLITests",
            dependencies: ["GrantCLI", "GrantCore", "GrantKeys", "TestSupport", "CSQLite"],
            exclude: ["Golden"],
            swiftSettings: strictness
        ),
    ],
    swiftLanguageModes: [.v6]
)
