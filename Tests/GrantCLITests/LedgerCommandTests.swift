import Synchronization
import Foundation
import GrantKeys
import Testing
import TestSupport
@testable import GrantCLI

/// Runs ledger commands in-process against a scratch database, with a fixed clock and author.
final class LedgerSession {
    let scratch: ScratchFolder
    let database: String
    let fixture = Repository.path("Fixtures/lli-59-open-leadership")

    /// The signing keys' folder: the owner's key (liga's, `TestKeys.owner`) is there from the start.
    let keys: String

    /// A session on `database` (a PostgreSQL URI, `TestServer.newLedger`), else on a new SQLite file
    /// (`inFile`), else on the tests' backend: a new SQLite file, or with `GRANTLEDGER_TEST_BACKEND=postgresql`
    /// a new server database.
    init(database server: String? = nil, inFile: Bool = false) throws {
        scratch = try ScratchFolder()
        let onServer = server == nil && !inFile && TestServer.ledgersOnServer
        database = try server ?? (onServer ? TestServer.newLedger() : scratch.path + "/ledger.db")
        keys = scratch.path + "/keys"
        try TestKeys.install(TestKeys.owner, name: "liga", in: keys)
    }

    /// Whether the session's ledger is on the server.
    var isOnServer: Bool { database.hasPrefix("postgresql://") }

    /// What `verify` says of the storage underneath an intact ledger.
    var storageChecked: String {
        isOnServer ? "and the server's grants, row-level security and checks are as made." : "and SQLite's integrity check passes."
    }

    /// What a command of this session runs with, in process or as a child process.
    var environment: [String: String] { ["GRANTLEDGER_DB": database, "USER": "liga", "GRANTLEDGER_KEYS": keys] }

    /// Installs `key` as `name` among the session's keys and has the owner register it in LLI-59.
    func addKey(_ key: Ed25519.SecretKey, name: String, role: String, partner: String? = nil) throws {
        try TestKeys.install(key, name: name, in: keys)
        let registered = run(["user", "add", name, "--role", role, "--key", key.publicKey.description, "--author", "liga"]
            + (partner.map { ["--partner", $0] } ?? []))
        #expect(registered.status == 0, "\(registered.errors)")
    }

    func run(_ arguments: [String], at time: String = "2026-11-22T13:36:35Z",
             environment extra: [String: String] = [:]) -> (status: Int32, output: String, errors: String) {
        let console = RecordingConsole()
        var environment = environment
        // On a server each user connects under their own login: the author's.
        if let author = arguments.firstIndex(of: "--author").map({ arguments[$0 + 1] }), isOnServer {
            environment["GRANTLEDGER_DB"] = database.replacingOccurrences(of: "postgresql://liga@", with: "postgresql://\(author)@")
        }
        let session = Session(console: console, environment: environment.merging(extra) { $1 }, userName: "nobody") {
            Timestamp(text: time)!
        }
        let status = GrantLedgerCommand.run(arguments, session: session)
        return (status, console.output, console.errors)
    }

    /// init and load of LLI-59, nothing imported.
    func loadFixture() {
        _ = run(["init"])
        _ = run(["load", fixture])
    }

    /// init, load, and the four periods' imports as the README walks through them.
    func walkThrough() {
        loadFixture()
        for (period, submitted) in [(1, "2017-11-15"), (2, "2018-05-15"), (3, "2018-11-15"), (4, "2019-05-15")] {
            _ = run(["import", "\(fixture)/expenditure-p\(period).csv", "--rates", "\(fixture)/rates.csv", "--submitted", submitted])
        }
    }
}

@Suite("Ledger commands")
struct LedgerCommandTests {
    @Test("verify --head: a noted head passes, later entries counted apart; a later, a short or a bad head is reported")
    func notedHead() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let head = try #require(ledger.run(["verify"]).output.split(separator: "\n").last { $0.hasPrefix("Chain head: ") })
        let parts = head.split(separator: " ")
        let entry = parts[3].dropLast()
        let noted = "\(entry):\(parts[5].prefix(32))"
        let passed = ledger.run(["verify", "--head", noted])
        #expect(passed.status == 0)
        #expect(passed.output.contains("matches, entry \(entry) is the noted \(parts[5].prefix(16))…, "
            + "\(ledger.storageChecked)\nNo entries after the noted head.\n"))
        try ledger.addKey(TestKeys.inga, name: "inga", role: "controller")
        #expect(ledger.run(["certify", "2", "--author", "inga"]).status == 0)
        #expect(ledger.run(["verify", "--head", noted]).output.contains("\n2 entries after the noted head (87–88), "
            + "signed by inga, liga.\n"))
        let later = ledger.run(["verify", "--head", "999:\(parts[5])"])
        #expect(later.status == 1)
        #expect(later.output.contains("  entry 999 was noted as the chain head, but the ledger now ends at entry 88: "
            + "entries were removed from the end\n"))
        let short = ledger.run(["verify", "--head", "\(entry):\(parts[5].prefix(12))"])
        #expect(short.status == 2 && short.errors.contains("the hash in full or its first 32 or more hex digits"), "\(short.errors)")
        let bad = ledger.run(["verify", "--head", "82:abc"])
        #expect(bad.status == 2)
        #expect(bad.errors.hasPrefix("grantledger: --head 82:abc is not a chain head; expected ENTRY:SHA256 as verify prints it"))
    }

    @Test("non-euro lines convert at the rate table's submission month, half-up: 4,000.00 PLN at 4.2244 is 946.88 EUR")
    func conversion() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let csv = ledger.run(["ledger", "--format", "csv", "--category", "external", "--partner", "PP2", "--period", "1"])
        #expect(csv.output.contains("21,expenditure,1,PP2,external,LEIP-2017/311,Lean Enterprise Institute Polska Sp. z o.o.,2017-09-20,2017-10-10,PLN,4000.00,0.00,4000.00,4.2244,946.88,"))
        // 149.90 USD at the line's own rate 1.1658 = 128.58 EUR; 6,500.00 PLN at May 2019's 4.2961 = 1,513.00 EUR.
        let text = ledger.run(["ledger", "--partner", "LP", "--category", "external"]).output
        #expect(text.contains("USD          149.90     1.1658         128.58"))
        #expect(text.contains("PLN        6,500.00     4.2961       1,513.00"))
    }

    @Test("a bad line stops the import with file, line and column, and the ledger stays as it was")
    func badLine() throws {
        let ledger = try LedgerSession()
        ledger.walkThrough()
        let before = ledger.run(["verify"]).output
        let bad = try ledger.scratch.write("bad.csv", """
        partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document
        LP,staff,2,X-1,S,2018-01-05,2018-01-06,100.00,21.00,121.00,EUR,,,ok,D
        LP,staf,2,X-2,S,2018-01-05,2018-01-06,100.00,21.00,121.00,EUR,,,typo,D

        """)
        let result = ledger.run(["import", bad])
        #expect(result.status == 2)
        #expect(result.errors == "\(bad):3:4: cost category \"staf\" is not defined in project LLI-59; expected one of equipment, external, office, staff, travel\n")
        #expect(ledger.run(["verify"]).output == before)
    }

    @Test("import errors name the place and what was expected", arguments: [
        ("LP,staff,2,X-1,S,2018-01-05,,100.00,21.00,120.00,EUR,,,x,D", ":2:43: gross 120.00 is not net 100.00 + VAT 21.00; correct the line"),
        ("LP,staff,7,X-1,S,2018-01-05,,100.00,21.00,121.00,EUR,,,x,D", ":2:10: reporting period \"7\" is not one of project LLI-59's: 1, 2, 3, 4"),
        ("LP,staff,2,X-1,S,05/01/2018,,100.00,21.00,121.00,EUR,,,x,D", ":2:18: invoice date \"05/01/2018\" is not a date; expected YYYY-MM-DD or DD.MM.YYYY, e.g. 2017-10-03"),
        ("LP,staff,2,X-1,S,2018-01-05,,100.00,21.00,121.00,NOK,,,x,D", ":2: a NOK line needs a rate: the exchange_rate cell is empty and no rate table was given (--rates FILE); the rule pack converts at the rate of the month of submission (2026-11)"),
        ("LP,staff,2,X-1,S,2018-01-05,,100.00,21.00,121.00,EUR,,150.00,x,D", ":2:55: the declared 150.00 EUR is more than the invoice's gross in euro, 121.00; declare at most the gross"),
        ("LP,staff,2,,S,2018-01-05,,100.00,21.00,121.00,EUR,,,x,D", ":2:12: the invoice number is empty; every line needs one"),
    ])
    func importErrors(line: String, message: String) throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let file = try ledger.scratch.write("e.csv", "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n\(line)\n")
        let result = ledger.run(["import", file])
        #expect(result.status == 2)
        #expect(result.errors == file + message + "\n")
    }

    @Test("a closed period takes no new lines; the message says when it was closed")
    func closedPeriod() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        _ = ledger.run(["close-period", "1"], at: "2026-11-22T14:00:00Z")
        let result = ledger.run(["import", "\(ledger.fixture)/expenditure-p1.csv", "--rates", "\(ledger.fixture)/rates.csv",
                                 "--submitted", "2017-11-15"], at: "2026-11-22T15:00:00Z")
        #expect(result.status == 2)
        #expect(result.errors == "\(ledger.fixture)/expenditure-p1.csv:2:10: period 1 is closed (closed on "
            + "2026-11-22T14:00:00Z by liga); a closed period takes no new entries, so declare this line in an open period\n")
    }

    @Test("without a database, ledger commands say how to make one")
    func noDatabase() throws {
        let ledger = try LedgerSession()
        let result = ledger.run(["verify"])
        #expect(result.status == 2)
        #expect(result.errors == "grantledger: there is no database at \(ledger.database); create one with 'grantledger init' (or name another with --db PATH or GRANTLEDGER_DB)\n")
    }

    @Test("two imports at the same time both land, and the chain verifies")
    func concurrentImports() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let files = ["p1", "p3"].map { "\(ledger.fixture)/expenditure-\($0).csv" }
        let rates = "\(ledger.fixture)/rates.csv"
        let environment = ledger.environment
        let statuses = Mutex<[Int32]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            let session = Session(console: RecordingConsole(), environment: environment) {
                Timestamp(text: "2026-11-22T14:00:00Z")!
            }
            let status = GrantLedgerCommand.run(["import", files[index], "--rates", rates, "--submitted", "2018-11-15"], session: session)
            statuses.withLock { $0.append(status) }
        }
        #expect(statuses.withLock { $0 } == [0, 0])
        let verify = ledger.run(["verify"])
        #expect(verify.status == 0)
        #expect(verify.output.hasPrefix("Verified 47 entries"))  // 1 + (21 lines, batch, 2 rates) + (20 lines, batch, 1 rate)
    }
}
