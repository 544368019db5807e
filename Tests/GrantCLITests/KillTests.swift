import Foundation
import Testing
import TestSupport
@testable import GrantCLI

@Suite("Crash safety")
struct KillTests {
    /// The `grantledger` executable built beside the test bundle.
    static var executable: String {
        var folder = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0]).deletingLastPathComponent()
        // On Linux the runner is inside the build folder; on macOS it is a bundle within it.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("grantledger").path), folder.path != "/" {
            folder.deleteLastPathComponent()
        }
        return folder.appendingPathComponent("grantledger").path
    }

    @Test("killing the process in the middle of a large import leaves the ledger as it was before")
    func killMidImport() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let before = ledger.run(["verify"]).output
        var text = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n"
        for index in 0..<300_000 { text += "LP,staff,3,K-\(index),S,2018-06-01,2018-06-02,10.00,0.00,10.00,EUR,,,line \(index),D\n" }
        let big = try ledger.scratch.write("big.csv", text)
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable), "grantledger not found at \(Self.executable)")

        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = ["import", big, "--db", ledger.database]
        process.environment = ledger.environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Kill it mid-import: 300,000 lines take several seconds, so 1.5 s in it is writing lines.
        usleep(1_500_000)
        #expect(process.isRunning, "the import finished before it could be killed; make the file larger")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        #expect(ledger.run(["verify"]).output == before)
        let listing = ledger.run(["ledger", "--period", "3", "--partner", "LP", "--category", "staff"]).output
        #expect(!listing.contains("K-0"))
    }
}
