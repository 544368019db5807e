import Foundation
import GrantKeys
import Testing
import TestSupport

/// A ledger on a PostgreSQL server: the same chain and reports as in a file, and the roles'
/// limits held by the server itself, against the command line and against `psql`.
@Suite("A ledger on PostgreSQL", .enabled(if: TestServer.enabled, Comment(rawValue: TestServer.needsServer)))
struct PostgresTests {
    /// The session's users: login, role, partner, key.
    static let users: [(login: String, role: String, partner: String?, key: Ed25519.SecretKey)] = [
        ("lp", "partner", "LP", TestKeys.key(41)), ("pp", "partner", "PP2", TestKeys.key(42)),
        ("ctl", "controller", "PP2", TestKeys.key(43)), ("prog", "programme", nil, TestKeys.key(44)),
        ("aud", "auditor", nil, TestKeys.key(45)),
    ]

    /// A walked-through LLI-59 on a new server database, with the users added.
    static func partnership() throws -> (ledger: LedgerSession, uri: String) {
        #expect(TestServer.host != nil, Comment(rawValue: TestServer.needsServer))
        let uri = try TestServer.newLedger()
        let ledger = try LedgerSession(database: uri)
        ledger.walkThrough()
        for user in users { try ledger.addKey(user.key, name: user.login, role: user.role, partner: user.partner) }
        return (ledger, uri)
    }

    @Test("the same commands give the same chain head, ledger listing and report bytes in a file and on the server")
    func sameLedger() throws {
        #expect(TestServer.host != nil, Comment(rawValue: TestServer.needsServer))
        let file = try LedgerSession(inFile: true)
        let server = try LedgerSession(database: try TestServer.newLedger())
        var outputs: [[String]] = []
        for ledger in [file, server] {
            ledger.walkThrough()
            let verified = ledger.run(["verify"])
            #expect(verified.status == 0, "\(verified.output)")
            outputs.append([verified.output.split(separator: "\n").filter { $0.hasPrefix("Chain head") || $0.hasPrefix("Head") }
                                .joined(separator: "\n"),
                            ledger.run(["ledger"]).output,
                            ledger.run(["report", "budget-vs-actual", "--format", "csv"]).output,
                            ledger.run(["report", "payment-claim"]).output])
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0][0].hasPrefix("Chain head: entry 86, SHA-256 "))
        let listed = server.run(["user", "list"]).output
        #expect(listed.hasPrefix("Owner of \(server.database): liga  \(TestKeys.owner.publicKey)\n"))
    }

    @Test("each user does their part under their own login; the rest is refused, by the engine and by the server")
    func roleMatrix() throws {
        let (ledger, uri) = try Self.partnership()
        func run(_ login: String, _ arguments: [String], signed: Bool = true) -> (status: Int32, output: String, errors: String) {
            ledger.run(arguments + (signed ? ["--author", login] : []), environment: ["GRANTLEDGER_DB": uri.replacingOccurrences(
                of: "postgresql://liga@", with: "postgresql://\(login)@")])
        }
        let lines = try String(contentsOfFile: ledger.fixture + "/expenditure-p1.csv", encoding: .utf8).split(separator: "\n")
        let lpOnly = try ledger.scratch.write("lp.csv", ([lines[0]] + lines.dropFirst().filter { $0.hasPrefix("LP,") }
).joined(separator: "\n") + "\n")
        let commands: [(arguments: [String], allowed: String)] = [
            (["import", lpOnly, "--rates", "\(ledger.fixture)/rates.csv", "--submitted", "2017-11-15"], "lp"),
            (["reverse", "8", "--reason", "declared twice"], "pp"),
            (["certify", "9"], "ctl"),
            (["record-payment", "LP", "1000.00", "--date", "2018-03-20"], "prog"),
            (["close-period", "4"], "prog"),
            (["user", "add", "outsider", "--role", "auditor", "--key", TestKeys.key(46).publicKey.description], "prog"),
        ]
        for command in commands {
            for user in Self.users where user.login != command.allowed {
                let refused = run(user.login, command.arguments)
                #expect(refused.status == 2, "\(user.login) \(command.arguments[0]): \(refused.output)")
                #expect(refused.errors.hasPrefix("grantledger: \(user.login): ")
                        || refused.errors.hasPrefix("grantledger: \(lpOnly):2: \(user.login): "), "\(refused.errors)")
            }
            let done = run(command.allowed, command.arguments)
            #expect(done.status == 0, "\(command.allowed) \(command.arguments[0]): \(done.errors)")
        }
        let verified = run("aud", ["verify"], signed: false)
        #expect(verified.status == 0, "\(verified.output)")
        #expect(verified.output.contains("and the server's grants, row-level security and checks are as made.\n"))
    }

    @Test("through psql under their own login, users can do no more: no update, delete or truncate, no entry for another")
    func rawSQL() throws {
        let (_, uri) = try Self.partnership()
        func psql(_ login: String, _ sql: String) -> String {
            let result = TestServer.psql(uri.replacingOccurrences(of: "postgresql://liga@", with: "postgresql://\(login)@"), sql)
            return result.status == 0 ? "ok: " + result.output : result.errors.split(separator: "\n").first.map(String.init) ?? ""
        }
        let count = psql("liga", "SELECT count(*) FROM entries")
        #expect(count == "ok: 14\n")
        for login in Self.users.map(\.login) {
            #expect(psql(login, "UPDATE entries SET amount_eur_minor = 1") == "ERROR:  permission denied for table entries")
            #expect(psql(login, "DELETE FROM entry_blocks") == "ERROR:  permission denied for table entry_blocks")
            #expect(psql(login, "TRUNCATE signatures") == "ERROR:  permission denied for table signatures")
            #expect(psql(login, "SELECT count(*) FROM entries") == count)
        }
        #expect(psql("outsider", "SELECT count(*) FROM entries") == "ok: 0\n")
        #expect(psql("pp", "INSERT INTO batch_spend VALUES (99, 'LLI-59', 'LP', 'staff', 1, 100, 1)")
            == "ERROR:  the login pp may not import expenditure of LP in project LLI-59: its role there does not record that")
        let forged = "INSERT INTO entries (sequence, project, kind, author, recorded_at, previous_hash, hash) VALUES "
        #expect(psql("pp", forged + "(93, 'LLI-59', 'payment', 'prog', '2026-12-01T00:00:00Z', 'x', 'y')")
            == "ERROR:  the login pp may not record entries as prog: an entry is recorded under the login that writes it")
        #expect(psql("pp", forged + "(93, 'LLI-59', 'payment', 'pp', '2026-12-01T00:00:00Z', 'x', 'y')")
            .hasPrefix("ERROR:  an entry must be timed by the server's clock (ask grantledger_start_recording first)"))
        #expect(psql("pp", forged + "(93, 'LLI-59', 'control', 'pp', grantledger_start_recording(NULL), 'x', 'y')")
            .hasPrefix("ERROR:  entry 93 does not follow on from the chain's head (entry 91, "))
        #expect(psql("pp", forged + "(92, 'LLI-59', 'control', 'pp', grantledger_start_recording(NULL), 'x', 'y')")
            .hasPrefix("ERROR:  entry 92 does not follow on from the chain's head (entry 91, "))
        #expect(psql("aud", "INSERT INTO projects VALUES ('X', 'X', 'X', 'X', 'X', 'X', 'X', 'EUR', NULL)")
            == "ERROR:  the login aud may not write projects : only the ledger's owner loads projects")
    }

    @Test("what the database's owner changes behind the engine's back, verify finds")
    func ownerTampering() throws {
        let (ledger, uri) = try Self.partnership()
        let tampered = TestServer.psql(uri, """
            ALTER TABLE entries DISABLE TRIGGER entries_never_changed;
            UPDATE entries SET amount_eur_minor = amount_eur_minor + 100 WHERE kind = 'import' AND batch = 1;
            """)
        #expect(tampered.status == 0, "\(tampered.errors)")
        let verified = ledger.run(["verify"])
        #expect(verified.status == 1)
        #expect(verified.output.contains("the trigger entries_never_changed is disabled or changed"), "\(verified.output)")
        #expect(verified.output.contains("entry 23 was changed after it was recorded: its fields no longer give its stored hash"),
                "\(verified.output)")
    }

    @Test("a server's ledger of schema version 5 is upgraded by its administrator, and by no one else")
    func upgradeFromFive() throws {
        let (ledger, uri) = try Self.partnership()
        let kinds = "'project', 'reversal', 'import', 'close-period', 'control', 'payment', 'rate', 'key', 'key-revoked'"
        let downgraded = TestServer.psql(uri, """
            ALTER TABLE entries DROP CONSTRAINT entries_kind_check;
            ALTER TABLE entries ADD CONSTRAINT entries_kind_check CHECK (kind IN (\(kinds)));
            DROP INDEX entries_partner_reports;
            DROP TABLE project_flat_rates;
            ALTER TABLE ledger_meta DISABLE TRIGGER ledger_meta_never_changed;
            UPDATE ledger_meta SET version = 5;
            ALTER TABLE ledger_meta ENABLE TRIGGER ledger_meta_never_changed;
            """)
        #expect(downgraded.status == 0, "\(downgraded.errors)")
        let auditor = ledger.run(["verify"], environment: ["GRANTLEDGER_DB": uri.replacingOccurrences(
            of: "postgresql://liga@", with: "postgresql://aud@")])
        #expect(auditor.status == 2)
        #expect(auditor.errors.contains("was made by an earlier version (schema version 5); its administrator upgrades it to "
            + "version 7 by running any grantledger command on it, e.g. grantledger verify"), "\(auditor.errors)")
        let verified = ledger.run(["verify"])
        #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
        #expect(TestServer.psql(uri, "SELECT version FROM ledger_meta").output == "7\n")
        #expect(TestServer.psql(uri, "SELECT count(*) FROM project_flat_rates").output == "0\n")
        #expect(TestServer.psql(uri, "SELECT pg_get_constraintdef(oid) LIKE '%partner-report%' FROM pg_constraint "
            + "WHERE conname = 'entries_kind_check'").output == "t\n")
    }

    @Test("a server's ledger of schema version 6 gains the projects' flat-rate choices, made as every table is")
    func upgradeFromSix() throws {
        let (ledger, uri) = try Self.partnership()
        let downgraded = TestServer.psql(uri, """
            DROP TABLE project_flat_rates;
            ALTER TABLE ledger_meta DISABLE TRIGGER ledger_meta_never_changed;
            UPDATE ledger_meta SET version = 6;
            ALTER TABLE ledger_meta ENABLE TRIGGER ledger_meta_never_changed;
            """)
        #expect(downgraded.status == 0, "\(downgraded.errors)")
        let verified = ledger.run(["verify"])
        #expect(verified.status == 0, "\(verified.output)\(verified.errors)")
        #expect(TestServer.psql(uri, "SELECT version FROM ledger_meta").output == "7\n")
        #expect(TestServer.psql(uri, "SELECT relrowsecurity FROM pg_class WHERE relname = 'project_flat_rates'").output == "t\n")
    }

    @Test("copy moves a ledger to the server and back: the same head, listing and signatures; a target with a ledger is refused")
    func copyBothWays() throws {
        let file = try LedgerSession(inFile: true)
        file.walkThrough()
        try file.addKey(TestKeys.inga, name: "inga", role: "controller")
        #expect(file.run(["certify", "9", "--author", "inga"]).status == 0)
        let server = try TestServer.newLedger()
        let back = file.scratch.path + "/back.db"
        let there = file.run(["copy", "--from", file.database, "--to", server])
        let head = try #require(file.run(["verify"]).output.split(separator: "\n").first { $0.hasPrefix("Chain head: ") })
        #expect(there.output == "Copied 88 entries from \(file.database) to \(server); both verify.\n"
            + head.replacingOccurrences(of: "Chain head:", with: "Chain head of both:") + "\n", "\(there.errors)")
        #expect(file.run(["copy", "--from", server, "--to", back]).status == 0)
        for other in [server, back] {
            #expect(file.run(["verify"], environment: ["GRANTLEDGER_DB": other]).output.contains(head + "\n"))
            #expect(file.run(["ledger"], environment: ["GRANTLEDGER_DB": other]).output == file.run(["ledger"]).output)
        }
        let again = file.run(["copy", "--from", file.database, "--to", server])
        #expect(again.status == 2)
        #expect(again.errors == "grantledger: \(server) already holds a ledger; copy writes a new one (a file not there yet, "
            + "or an empty database)\n")
    }

    @Test("the partners a server lists beside a block, which its checks read, are held to the lines by verify")
    func listedPartners() throws {
        let (ledger, uri) = try Self.partnership()
        let listed = TestServer.psql(uri, "SELECT partners[1] FROM entry_blocks WHERE first_sequence <= 8 AND last_sequence >= 8")
        #expect(listed.output == "LP\n")
        let tampered = TestServer.psql(uri, """
            ALTER TABLE entry_blocks DISABLE TRIGGER entry_blocks_never_changed;
            UPDATE entry_blocks SET partners[8 - first_sequence + 1] = 'LP' WHERE first_sequence <= 8 AND last_sequence >= 8;
            ALTER TABLE entry_blocks ENABLE TRIGGER entry_blocks_never_changed;
            """)
        #expect(tampered.status == 0, "\(tampered.errors)")
        let verified = ledger.run(["verify"])
        #expect(verified.status == 1)
        #expect(verified.output.contains("  entry 8 is a line of PP2, but the server lists it as LP's: the list its checks read was "
            + "changed behind the engine's back\n"), "\(verified.output)")
    }

    @Test("SIGKILL of an import on the server at random moments: all of the batch or none, and a rerun completes it")
    func killedImport() throws {
        let (ledger, uri) = try Self.partnership()
        let lines = 5_000
        var generator = SeededGenerator(seed: 10)
        var outcomes = (none: 0, all: 0)
        for round in 0..<6 {
            let before = try CrashAndConcurrencyTests.verify(uri)
            let file = try ledger.scratch.write("k\(round).csv", CrashAndConcurrencyTests.expenditure(lines: lines, tag: "K\(round)"))
            let run = try CrashAndConcurrencyTests.Run(["import", file, "--submitted", "2018-11-15"], database: uri, keys: ledger.keys)
            usleep(UInt32(generator.next() % 600_000))
            kill(run.process.processIdentifier, SIGKILL)
            _ = run.finish()
            let after = try CrashAndConcurrencyTests.verify(uri)
            #expect(after.intact, "round \(round): \(after.text)")
            #expect(after.entries == before.entries || after.entries == before.entries + lines + 1, "round \(round)")
            if after.entries == before.entries {
                outcomes.none += 1
                let rerun = try CrashAndConcurrencyTests.Run(["import", file, "--submitted", "2018-11-15"], database: uri,
                                                             keys: ledger.keys).finish()
                #expect(rerun.status == 0, "round \(round): \(rerun.errors)")
            } else {
                outcomes.all += 1
            }
        }
        print("killed imports on the server: \(outcomes.none) rolled back, \(outcomes.all) whole")
    }

    @Test("8 importers of two partners under their own logins, a controller certifying and an auditor verifying, at once")
    func manyAtOnce() throws {
        let (ledger, uri) = try Self.partnership()
        func login(_ name: String) -> String { uri.replacingOccurrences(of: "postgresql://liga@", with: "postgresql://\(name)@") }
        let before = try CrashAndConcurrencyTests.verify(uri).entries
        let lines = 1_000
        var runs: [CrashAndConcurrencyTests.Run] = []
        for index in 0..<8 {
            let (user, partner) = index % 2 == 0 ? ("lp", "LP") : ("pp", "PP2")
            let file = try ledger.scratch.write("m\(index).csv", CrashAndConcurrencyTests.expenditure(lines: lines, tag: "M\(index)",
                                                                                                     partner: partner))
            runs.append(try CrashAndConcurrencyTests.Run(["import", file, "--submitted", "2018-11-15", "--author", user],
                                                         database: login(user), keys: ledger.keys))
        }
        runs.append(try CrashAndConcurrencyTests.Run(["certify", "9", "--author", "ctl"], database: login("ctl"), keys: ledger.keys))
        runs.append(try CrashAndConcurrencyTests.Run(["verify"], database: login("aud"), keys: ledger.keys))
        for (index, result) in runs.map({ $0.finish() }).enumerated() {
            #expect(result.status == 0, "process \(index): \(result.output)\(result.errors)")
        }
        let after = try CrashAndConcurrencyTests.verify(uri)
        #expect(after.intact, "\(after.text)")
        #expect(after.entries == before + 8 * (lines + 1) + 1)
    }
}
