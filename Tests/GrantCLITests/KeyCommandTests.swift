import Foundation
import GrantKeys
import Testing
import TestSupport
@testable import GrantCLI

@Suite("Signing keys on the command line")
struct KeyCommandTests {
    @Test("init with no key makes one, readable by its owner only, and the ledger is owned by it")
    func initMakesKey() throws {
        let ledger = try LedgerSession(inFile: true)  // the file itself is what is tested
        try FileManager.default.removeItem(atPath: ledger.keys)
        let made = ledger.run(["init"])
        let lines = made.output.split(separator: "\n").map(String.init)
        #expect(made.status == 0 && lines.count == 3, "\(made.errors)")
        #expect(lines[0] == "Created your signing key liga in \(ledger.keys)/liga.key (readable by you only).")
        #expect(lines[1] == "Created the ledger \(ledger.database) (schema version 7, WAL journal), owned by liga.")
        let file = try KeyFile(text: String(contentsOfFile: ledger.keys + "/liga.key", encoding: .utf8))
        #expect(lines[2] == "Owner key: \(file.publicKey) (Ed25519); note it to check the ledger later with verify --owner-key.")
        let mode = try FileManager.default.attributesOfItem(atPath: ledger.keys + "/liga.key")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(ledger.run(["verify", "--owner-key", file.publicKey.description]).status == 0)
        let other = ledger.run(["verify", "--owner-key", TestKeys.owner.publicKey.description])
        #expect(other.status == 1 && other.output.contains("not the noted owner key \(TestKeys.owner.publicKey): it was made or rebuilt "
            + "under someone else's keys\n"))
    }

    @Test("a key sealed under a passphrase signs only with it")
    func sealedKey() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let created = ledger.run(["key", "create", "--name", "ilze", "--passphrase"],
            environment: ["GRANTLEDGER_PASSPHRASE": "saule un jūra"])
        #expect(created.status == 0 && created.output.contains("(readable by you only, sealed).\nPublic key: "), "\(created.errors)")
        let file = try KeyFile(text: String(contentsOfFile: ledger.keys + "/ilze.key", encoding: .utf8))
        #expect(file.isSealed)
        #expect(ledger.run(["user", "add", "ilze", "--role", "programme", "--key", file.publicKey.description]).status == 0)
        let unsealed = ledger.run(["close-period", "1", "--author", "ilze"])
        #expect(unsealed.status == 2)
        #expect(unsealed.errors == "grantledger: cannot read \(ledger.keys)/ilze.key: the key is sealed under a passphrase; type it on a "
            + "terminal or set GRANTLEDGER_PASSPHRASE\n")
        let wrong = ledger.run(["close-period", "1", "--author", "ilze"], environment: ["GRANTLEDGER_PASSPHRASE": "saule un jura"])
        #expect(wrong.errors == "grantledger: cannot read \(ledger.keys)/ilze.key: the passphrase is wrong\n")
        let right = ledger.run(["close-period", "1", "--author", "ilze"], environment: ["GRANTLEDGER_PASSPHRASE": "saule un jūra"])
        #expect(right.output.hasPrefix("Closed period 1 (2017-05-01 to 2017-10-31) of LLI-59 as entry 3, by ilze."))
    }

    @Test("an unregistered key is refused with what to do; a revoked one likewise; the list shows both")
    func registration() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        try TestKeys.install(TestKeys.inga, name: "inga", in: ledger.keys)
        let refused = ledger.run(["close-period", "1", "--author", "inga"])
        #expect(refused.status == 2)
        // On a server the login inga sees nothing of a ledger she is no user of; in a file the keys tell.
        let asInga = ledger.database.replacingOccurrences(of: "liga@", with: "inga@")
        #expect(refused.errors.hasPrefix(ledger.isOnServer
            ? "grantledger: the login inga is not a user of the ledger at \(asInga), "
                + "so the server shows it none of it; ask its owner or programme to add you: grantledger user add inga --role ROLE --key "
                + "YOUR-PUBLIC-KEY\n"
            : "grantledger: none of your keys is the ledger's owner or registered in LLI-59 as inga; yours are "
                + "inga \(TestKeys.inga.publicKey.short)…, liga \(TestKeys.owner.publicKey.short)… (signs as liga)\n"),
                "\(refused.errors)")
        #expect(ledger.run(["user", "add", "inga", "--role", "controller", "--key", TestKeys.inga.publicKey.description]).output
            == "Entry 2: inga added to LLI-59 as controller, key \(TestKeys.inga.publicKey.short)…, by liga.\n")
        #expect(ledger.run(["import", "\(ledger.fixture)/expenditure-p1.csv", "--rates", "\(ledger.fixture)/rates.csv",
                            "--submitted", "2017-11-15"]).status == 0)
        #expect(ledger.run(["certify", "3", "--author", "inga"]).output.hasPrefix("Entry 27: entry 3 certified"))
        let revoked = ledger.run(["user", "revoke", "inga", "--reason", "moved to another programme"])
        #expect(revoked.output == "Entry 28: inga (key \(TestKeys.inga.publicKey.short)…) revoked in LLI-59, by liga.\n"
            + "Reason: moved to another programme\n")
        #expect(ledger.run(["certify", "4", "--author", "inga"]).status == 2)
        let listed = ledger.run(["user", "list"]).output
        #expect(listed.hasSuffix("Users of LLI-59:\n  inga  controller  \(TestKeys.inga.publicKey)  entry 2 "
            + "by liga, revoked by entry 28\n"))
        let verified = ledger.run(["verify"])
        #expect(verified.status == 0 && verified.output.contains("Signatures: 28 entries signed by keys the ledger "
            + "registered. Owner: liga"))
    }

    @Test("verify-head checks a head's signature on its own; bad values are usage errors")
    func verifyHead() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        let lines = ledger.run(["verify"]).output.split(separator: "\n")
        let head = try #require(lines.first { $0.hasPrefix("Chain head: ") }).split(separator: " ")[5]
        let signature = try #require(lines.first { $0.hasPrefix("Head signature: ") }).split(separator: " ")[2]
        let key = TestKeys.owner.publicKey.description
        let held = ledger.run(["verify-head", String(head), String(signature), key])
        #expect(held.status == 0)
        #expect(held.output == "The signature holds: key \(key.prefix(16))… signed chain head \(head.prefix(16))….\n")
        let other = ledger.run(["verify-head", String(head), String(signature), TestKeys.inga.publicKey.description])
        #expect(other.status == 1 && other.output.hasPrefix("The signature does NOT hold"))
        let short = ledger.run(["verify-head", String(head.prefix(32)), String(signature), key])
        #expect(short.status == 2 && short.errors.hasPrefix("grantledger: HEAD \(head.prefix(32)) is not a chain head; expected its 64 "
            + "hexadecimal digits\n"))
    }
}

@Suite("Roles on the command line")
struct RoleMatrixTests {
    static let roles: [(name: String, role: String, partner: String?, seed: UInt8)] = [
        ("prog", "programme", nil, 21), ("lp", "partner", "LP", 22), ("pp2", "partner", "PP2", 23),
        ("ctl", "controller", nil, 24), ("lead", "lead-partner", nil, 25), ("aud", "auditor", nil, 26),
    ]

    @Test("every appending command under every role: done by the roles that do it, refused for the others with who and why")
    func matrix() throws {
        let ledger = try LedgerSession()
        ledger.loadFixture()
        for holder in Self.roles {
            try ledger.addKey(TestKeys.key(holder.seed), name: holder.name, role: holder.role, partner: holder.partner)
        }
        let lines = try String(contentsOfFile: ledger.fixture + "/expenditure-p1.csv", encoding: .utf8).split(separator: "\n")
        let lpLines = [lines[0]] + lines.dropFirst().filter { $0.hasPrefix("LP,") }
        let lpOnly = try ledger.scratch.write("lp.csv", lpLines.joined(separator: "\n") + "\n")
        let commands: [(arguments: [String], allowed: String)] = [
            (["import", lpOnly, "--rates", "\(ledger.fixture)/rates.csv", "--submitted", "2017-11-15"], "lp"),
            (["reverse", "8", "--reason", "declared twice"], "lp"),
            (["certify", "9"], "ctl"),
            (["record-payment", "LP", "1000.00", "--date", "2018-03-20"], "prog"),
            (["close-period", "4"], "prog"),
            (["user", "add", "new", "--role", "auditor", "--key", TestKeys.key(30).publicKey.description], "prog"),
        ]
        var refusals = 0
        for command in commands {
            for holder in Self.roles where holder.name != command.allowed {
                let result = ledger.run(command.arguments + ["--author", holder.name])
                let scope = holder.partner.map { " for \($0)" } ?? ""
                #expect(result.status == 2 && result.errors.contains("\(holder.name): a\(holder.role == "auditor" ? "n" : "") "
                    + "\(holder.role) key\(scope) may not "), "\(command.arguments[0]) by \(holder.name): \(result.errors)")
                refusals += 1
            }
            let done = ledger.run(command.arguments + ["--author", command.allowed])
            #expect(done.status == 0, "\(command.arguments[0]) by \(command.allowed): \(done.errors)")
        }
        // A partner key's import of a file with another partner's line names that line.
        let mixed = ledger.run(["import", "\(ledger.fixture)/expenditure-p2.csv", "--rates", "\(ledger.fixture)/rates.csv",
                                "--submitted", "2018-05-15", "--author", "lp"])
        #expect(mixed.errors.hasPrefix("grantledger: \(ledger.fixture)/expenditure-p2.csv:"), "\(mixed.errors)")
        #expect(mixed.errors.contains(": lp: a partner key for LP may not import expenditure of PP2; it imports and reverses its "
            + "partner's expenditure and opens and submits its partner reports; nothing was imported"))
        #expect(refusals == 30)
        let verified = ledger.run(["verify"])
        #expect(verified.status == 0, "\(verified.output)")
    }
}

@Suite("Key files")
struct KeyFileSafetyTests {
    @Test("a key file others can read is refused, with how to fix it")
    func openKeyFile() throws {
        let ledger = try LedgerSession()
        let path = ledger.keys + "/liga.key"
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let result = ledger.run(["init"])
        #expect(result.status == 2)
        #expect(result.errors == "grantledger: cannot read \(path): the key file is readable by others (mode 0644); make it yours alone "
            + "with 'chmod 600 \(path)', and if others may have read it, revoke the key\n")
    }
}
