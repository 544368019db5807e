import Foundation
import GrantCore
import GrantKeys
import Testing
import TestSupport
@testable import GrantStore

/// Who recorded it, provably: signatures over the chain head, keys registered and revoked in the
/// chain, forgeries by someone who knows the encoding but holds no key.
@Suite("Signatures")
struct SignatureTests {
    static let key = "ea4a6c63e29c520a"

    /// LLI-59 with three payments and a closed period: every entry a row (1 load, 2–3 payments,
    /// 4 close-period, 5 payment), each its own command and signature.
    static func payments(owner: Ed25519.SecretKey = TestKeys.owner) throws -> LedgerFixture {
        let fixture = try LedgerFixture(owner: owner)
        for (index, cents) in [Int64(2_000_000), 1_500_000].enumerated() {
            try record(cents, day: index + 1, in: fixture)
        }
        _ = try fixture.store.closePeriod(1, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z"))
        try record(500_000, day: 3, in: fixture)
        return fixture
    }

    static func record(_ cents: Int64, day: Int, in fixture: LedgerFixture, by key: Ed25519.SecretKey? = nil) throws {
        let payment = PaymentReceived(partnerID: "LP", amount: try Money(minorUnits: cents, currency: .euro),
                                      date: CalendarDate(year: 2018, month: 3, day: day)!, note: "")
        _ = try fixture.store.recordPayment(payment, projectCode: "LLI-59", by: Authorship(key: key ?? fixture.ownerKey,
                                                                                        recordedAt: "2026-11-22T12:00:00Z"))
    }

    @Test("every command's entries are signed once, over the head they end at; the head's signature checks on its own")
    func signedHeads() throws {
        let fixture = try Self.payments()
        let verification = try fixture.store.verify()
        #expect(verification.isIntact, "\(verification.problems)")
        #expect(try fixture.store.signatureRows().map { $0.first...$0.last } == [1...1, 2...2, 3...3, 4...4, 5...5])
        let head = try #require(verification.headSignature)
        #expect(head.signer == "tester" && head.signature.last == 5)
        #expect(Ed25519.isValid(signature: head.signature.signature, of: SignedStatement.head(verification.head.hash),
                                by: TestKeys.owner.publicKey))
        #expect(verification.owner?.name == "tester" && verification.unsignedEntries == 0)
    }

    @Test("a payment rewritten with every later hash recomputed: the first signature that no longer holds is named")
    func forgedChain() throws {
        let fixture = try Self.payments()
        try fixture.forge(entry: 3) { fields in fields[19] = .integer(150_000_000) }
        let problems = try fixture.store.verify().problems
        #expect(problems.map(\.sequence) == [3, 4, 5])
        #expect(problems.first?.message == "entry 3: the signature of entries 3–3 (key \(Self.key)…) does not hold over entry 3's "
            + "hash: they, or entries before them, were changed after they were signed, or signed by someone without the key")
    }

    @Test("a ledger rebuilt from scratch under another owner's key passes plain verify, and fails against the noted owner key")
    func rebuiltUnderOtherKeys() throws {
        let forged = try Self.payments(owner: TestKeys.key(42))
        #expect(try forged.store.verify().isIntact)
        let against = try forged.store.verify(ownerKey: TestKeys.owner.publicKey)
        #expect(against.problems.map(\.message) == ["the ledger's owner is tester with key \(TestKeys.key(42).publicKey), not the "
            + "noted owner key \(TestKeys.owner.publicKey): it was made or rebuilt under someone else's keys"])
        #expect(try Self.payments().store.verify(ownerKey: TestKeys.owner.publicKey).isIntact)
    }

    @Test("a key not registered in the project, or revoked, cannot append; a key records only what its role does")
    func unregisteredKeys() throws {
        let fixture = try Self.payments()
        let inga = TestKeys.inga
        #expect(throws: StoreError.refused("your key \(inga.publicKey.short)… is not registered in LLI-59; ask the ledger's owner, "
            + "tester, or its programme to add you: grantledger user add NAME --role ROLE --key \(inga.publicKey)")) {
            try Self.record(100, day: 9, in: fixture, by: inga)
        }
        let registration = KeyRegistration(publicKey: inga.publicKey.description, name: "inga", role: .programme, partnerID: nil)
        #expect(try fixture.store.registerKey(registration, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z")).sequence == 6)
        try Self.record(100, day: 9, in: fixture, by: inga)
        #expect(try fixture.store.entry(7).author == "inga")
        let controller = TestKeys.key(3)
        let ctl = KeyRegistration(publicKey: controller.publicKey.description, name: "ctl", role: .controller, partnerID: "PP2")
        _ = try fixture.store.registerKey(ctl, projectCode: "LLI-59", by: Authorship(key: inga, recordedAt: "2026-11-22T12:00:00Z"))
        let twin = KeyRegistration(publicKey: TestKeys.key(5).publicKey.description, name: "ctl", role: .auditor, partnerID: nil)
        #expect(throws: StoreError.refused("ctl is already the name of a live key in LLI-59 (\(controller.publicKey.short)…, entry 8); "
            + "register the key under another name, or revoke that one first")) {
            try fixture.store.registerKey(twin, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z"))
        }
        let owner = KeyRegistration(publicKey: TestKeys.key(5).publicKey.description, name: "tester", role: .auditor, partnerID: nil)
        #expect(throws: StoreError.refused("tester is the ledger's owner's name; register the key under a name of its own")) {
            try fixture.store.registerKey(owner, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:00:00Z"))
        }
        let other = KeyRegistration(publicKey: TestKeys.key(4).publicKey.description, name: "x", role: .auditor, partnerID: nil)
        #expect(throws: StoreError.refused("ctl: a controller key for PP2 may not register or revoke keys; it certifies the expenditure "
            + "of the partners assigned to it and reopens their partner reports")) {
            try fixture.store.registerKey(other, projectCode: "LLI-59", by: Authorship(key: controller, recordedAt: "2026-11-22T12:00:00Z"))
        }
        #expect(throws: StoreError.refused("ctl: a controller key for PP2 may not record payments; it certifies the expenditure of the "
            + "partners assigned to it and reopens their partner reports")) {
            try Self.record(100, day: 11, in: fixture, by: controller)
        }
        _ = try fixture.store.revokeKey(inga.publicKey, reason: "left the project", projectCode: "LLI-59",
            by: fixture.at("2026-11-22T12:00:00Z"))
        #expect(throws: StoreError.refused("your key \(inga.publicKey.short)… is not registered in LLI-59 (it was revoked by entry 9); "
            + "ask the ledger's owner, tester, or its programme to add you: grantledger user add NAME --role ROLE --key "
            + "\(inga.publicKey)")) {
            try Self.record(100, day: 10, in: fixture, by: inga)
        }
        let verification = try fixture.store.verify()
        #expect(verification.isIntact, "\(verification.problems)")
    }

    @Test("a signature removed leaves its entries signed by no one; one moved onto another key names the key")
    func removedSignatures() throws {
        let fixture = try Self.payments()
        try fixture.tamperCarefully("DELETE FROM signatures WHERE last_sequence IN (2, 3)")
        let removed = try fixture.store.verify().problems.map(\.message)
        #expect(removed == ["entries 2–3 are signed by no one: they were added behind the engine's back",
                            "the signature of entries 4–4 does not follow on the one before, which ends at entry 1"])
        let other = try Self.payments()
        try other.tamperCarefully("UPDATE signatures SET public_key = '\(TestKeys.inga.publicKey)' WHERE last_sequence = 5")
        let moved = try other.store.verify().problems.map(\.message)
        #expect(moved == ["entries 5–5 are signed by key \(TestKeys.inga.publicKey.short)…, "
            + "which was not registered in LLI-59 (or was revoked) when they were recorded",
                          "entry 5: the signature of entries 5–5 (key \(TestKeys.inga.publicKey.short)…) does not "
                              + "hold over entry 5's hash: "
            + "they, or entries before them, were changed after they were signed, or signed by someone without the key"])
    }

    @Test("an author or a time rewritten with its hash recomputed is named; the owner's statement cannot be changed")
    func authorsAndTimes() throws {
        let fixture = try Self.payments()
        try fixture.forge(entry: 5) { fields in fields[3] = .text("inga") }
        #expect(try fixture.store.verify().problems.map(\.message).first == "entry 5 names inga as its author, but is "
            + "signed by the key of tester")
        let backdated = try Self.payments()
        try backdated.forge(entry: 5) { fields in fields[4] = .text("2026-11-22T09:00:00Z") }
        #expect(try backdated.store.verify().problems.map(\.message).first == "entry 5 was recorded at "
            + "2026-11-22T09:00:00Z, before entry 4 "
            + "(2026-11-22T12:00:00Z): times never go backwards in a ledger")
        #expect(throws: StoreError.refused("the clock says 2026-11-22T11:59:59Z, earlier than the ledger's last entry "
            + "(2026-11-22T12:00:00Z); entries are recorded in time order: set the clock right (or GRANTLEDGER_NOW) and try again")) {
            try fixture.store.closePeriod(2, projectCode: "LLI-59", by: fixture.at("2026-11-22T11:59:59Z"))
        }
        let renamed = try Self.payments()
        try renamed.tamperCarefully("UPDATE ledger_owner SET name = 'mallory'")
        let changed = try renamed.store.verify().problems.map(\.message)
        #expect(changed == ["the owner's statement (mallory, key \(Self.key)…) is not "
            + "signed by that key: it was changed"])
    }

    @Test("a ledger made before signatures verifies with its entries reported unsigned; once claimed, every later entry is signed")
    func claimedLedger() throws {
        let fixture = try Self.payments()
        try fixture.tamper("DROP TABLE ledger_owner; DROP TABLE signatures; DROP TABLE project_flat_rates; PRAGMA user_version = 4")
        let upgraded = try LedgerStore.open(at: fixture.path, fileExists: true)
        let before = try upgraded.verify()
        #expect(before.isIntact && before.unsignedEntries == 5 && before.owner == nil)
        #expect(throws: StoreError.self) { try upgraded.closePeriod(2, projectCode: "LLI-59", by: fixture.at("2026-11-22T13:00:00Z")) }
        try upgraded.claim(by: TestKeys.owner, name: "tester")
        _ = try upgraded.closePeriod(2, projectCode: "LLI-59", by: fixture.at("2026-11-22T13:00:00Z"))
        let after = try upgraded.verify()
        #expect(after.isIntact && after.unsignedEntries == 5 && after.headSignature?.signature.first == 6)
        #expect(throws: StoreError.refused("the ledger is owned by tester (key \(Self.key)…); an owner is never replaced")) {
            try upgraded.claim(by: TestKeys.inga, name: "inga")
        }
    }
}
