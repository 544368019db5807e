import Foundation
import GrantCore
import GrantKeys
import Testing
import TestSupport
@testable import GrantStore

/// Forgeries by people who know the encoding: with write access but no key (every field of every
/// kind of entry rewritten and the chain recomputed, entries added, signatures moved, the ledger
/// rebuilt under other keys), and by a key holder re-signing what they rewrote. RELIABILITY.md
/// quotes the summary this prints.
@Suite("Forgery series")
struct ForgerySeriesTests {
    static let mallory = TestKeys.key(66)

    /// 1 load, 2–3 lines, 4 import, 5 reversal, 6 control, 7 payment, 8 close-period, 9 inga's key,
    /// 10 inga's control, 11 payment; `ingaLast` stops after 10.
    static func ledger(ingaLast: Bool = false) throws -> LedgerFixture {
        let fixture = try LedgerFixture()
        try fixture.importLines([LedgerFixture.line(invoice: "A", cents: 100_00), LedgerFixture.line(invoice: "B", cents: 250_55)])
        try fixture.store.reverse(3, reason: "declared twice", period: nil, by: fixture.at("2026-11-22T12:00:00Z"))
        _ = try fixture.store.control(2, certified: nil, reason: nil, note: "", by: fixture.at("2026-11-22T12:10:00Z"))
        try payment(90_000_00, fixture, by: fixture.at("2026-11-22T12:20:00Z"))
        _ = try fixture.store.closePeriod(4, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:30:00Z"))
        let inga = KeyRegistration(publicKey: TestKeys.inga.publicKey.description, name: "inga", role: .controller, partnerID: nil)
        _ = try fixture.store.registerKey(inga, projectCode: "LLI-59", by: fixture.at("2026-11-22T12:40:00Z"))
        _ = try fixture.store.control(2, certified: try Money(minorUnits: 90_00, currency: .euro), reason: .other, note: "second look",
                                      by: Authorship(key: TestKeys.inga, recordedAt: "2026-11-22T12:50:00Z"))
        if !ingaLast { try payment(10_000_00, fixture, by: fixture.at("2026-11-22T13:00:00Z")) }
        return fixture
    }

    static func payment(_ cents: Int64, _ fixture: LedgerFixture, by authorship: Authorship) throws {
        let payment = PaymentReceived(partnerID: "LP", amount: try Money(minorUnits: cents, currency: .euro),
                                      date: CalendarDate(year: 2018, month: 3, day: 20)!, note: "")
        _ = try fixture.store.recordPayment(payment, projectCode: "LLI-59", by: authorship)
    }

    /// Each field of each entry stored as a row (5–11), changed as a forger would change it.
    static var fieldForgeries: [(entry: Int64, field: Int)] {
        let fields: [Int64: [Int]] = [5: [9, 19, 22, 23], 6: [20, 29, 30, 31], 7: [7, 13, 19, 20], 8: [9], 9: [8, 20, 25],
                                      10: [20, 29, 30, 31], 11: [7, 13, 19]]
        return fields.sorted { $0.key < $1.key }.flatMap { entry, list in ([2, 3, 4] + list).map { (entry, $0) } }
    }

    static func changed(_ value: FieldValue, field: Int) -> FieldValue {
        switch value {
        case .absent: .text("other-reason")
        case .integer(let number): .integer(number + 1)
        case .text(let text) where field == 2: .text(text == "payment" ? "control" : "payment")  // another kind the table allows
        case .text(let text) where field == 25: .text(text == mallory.publicKey.description ? TestKeys.inga.publicKey.description
                                                          : mallory.publicKey.description)
        case .text(let text) where field == 4 || field == 13: .text(text.replacingOccurrences(of: "20", with: "21", options: [],
                                                                                               range: text.range(of: "20")))
        case .text(let text): .text(text + "x")
        }
    }

    @Test("without a key, every forgery is caught: a rebuild only against the noted owner key, a cut only against the noted head")
    func withoutKey() throws {
        var caught = 0
        for (entry, field) in Self.fieldForgeries {
            let fixture = try Self.ledger()
            try fixture.forge(entry: entry) { $0[field] = Self.changed($0[field], field: field) }
            let verification = try fixture.store.verify()
            #expect(!verification.isIntact, "entry \(entry), field \(LedgerEntry.fieldNames[field])")
            if !verification.isIntact { caught += 1 }
        }
        var attempts = Self.fieldForgeries.count
        for attack in Self.otherAttacks {
            attempts += 1
            let fixture = try Self.ledger()
            let head = try fixture.store.chainHead()
            let noted = (sequence: head.sequence, hashPrefix: head.hash.hexadecimal)
            try attack.forge(fixture)
            let plain = try fixture.store.verify()
            let owner = try fixture.store.verify(ownerKey: TestKeys.owner.publicKey)
            let againstHead = try fixture.store.verify(notedHead: noted)
            switch attack.caughtBy {
            case .plain: #expect(!plain.isIntact, "\(attack.name)")
            case .ownerKey: #expect(plain.isIntact && !owner.isIntact, "\(attack.name)")
            case .notedHead: #expect(plain.isIntact && !againstHead.isIntact, "\(attack.name)")
            }
            if !(plain.isIntact && owner.isIntact && againstHead.isIntact) { caught += 1 }
        }
        print("forgery series without a key: \(attempts) attempts, \(caught) caught (\(Self.fieldForgeries.count) field rewrites with "
            + "the chain recomputed; \(Self.otherAttacks.filter { $0.caughtBy == .ownerKey }.count) only against the noted owner key, "
            + "\(Self.otherAttacks.filter { $0.caughtBy == .notedHead }.count) only against the noted head)")
        #expect(caught == attempts)
    }

    enum CaughtBy { case plain, ownerKey, notedHead }

    static let otherAttacks: [(name: String, caughtBy: CaughtBy, forge: @Sendable (LedgerFixture) throws -> Void)] = [
        ("a payment added at the end, unsigned", .plain, { fixture in try addPayment(fixture, signedBy: nil) }),
        ("a payment added at the end, signed by the forger's key", .plain, { fixture in try addPayment(fixture, signedBy: mallory) }),
        ("the forger's key registered by a rewritten entry 9", .plain, { fixture in
            try fixture.forge(entry: 9) { $0[25] = .text(mallory.publicKey.description) }
        }),
        ("every signature moved onto the forger's key", .plain, { fixture in
            try fixture.resign(try allHashes(fixture), with: mallory)
        }),
        ("the owner's statement replaced by the forger's own", .plain, { fixture in try replaceOwner(fixture) }),
        ("the ledger rebuilt: the forger its owner under the owner's name, every entry his", .ownerKey, { fixture in
            try replaceOwner(fixture)
            try fixture.forge(entry: 10) { $0[3] = .text("tester") }  // inga's control, now the forger's
            try fixture.resign(try allHashes(fixture), with: mallory)
        }),
        ("the last entry and its signature cut off", .notedHead, { fixture in
            try fixture.tamperCarefully("DELETE FROM entries WHERE sequence = 11; DELETE FROM signatures WHERE last_sequence = 11")
        }),
    ]

    @Test("a key holder who rewrites and re-signs their own last command passes plain verify, and is caught against a head noted before")
    func keyHolder() throws {
        var attempts = 1
        var caught = 0
        // Inga, a controller, rewrites her own control (the last command) and signs it again.
        let own = try Self.ledger(ingaLast: true)
        let head = try own.store.chainHead()
        let rewritten = try own.forge(entry: 10) { $0[30] = .integer(100_00) }
        try own.resign(rewritten, with: TestKeys.inga)
        #expect(try own.store.verify().isIntact, "a key holder's own rewrite looks whole by itself")
        let noted = try own.store.verify(notedHead: (head.sequence, head.hash.hexadecimal))
        #expect(noted.problems.map(\.message) == ["entry 10 was noted with SHA-256 \(head.hash.hexadecimal)…, "
            + "but its hash is now \(rewritten[10]!.hexadecimal.prefix(16))…: the ledger was rewritten up to there"])
        if !noted.isIntact { caught += 1 }
        // She rewrites the owner's last payment as her own: her role does not record payments.
        let payment = try Self.ledger()
        let taken = try payment.forge(entry: 11) { fields in
            fields[3] = .text("inga")
            fields[19] = .integer(100_00)
        }
        try payment.resign(taken, with: TestKeys.inga)
        attempts += 1
        let role = try payment.store.verify()
        #expect(role.problems.map(\.message) == ["entry 11 is signed by inga, but a controller key may not record payments; it "
            + "certifies the expenditure of the partners assigned to it and reopens their partner reports"])
        if !role.isIntact { caught += 1 }
        // Rewriting what was signed before the key was registered is caught by plain verify.
        let fixture = try Self.ledger()
        let hashes = try fixture.forge(entry: 8) { $0[3] = .text("inga") }
        try fixture.resign(hashes, with: TestKeys.inga)
        attempts += 1
        let plain = try fixture.store.verify()
        #expect(plain.problems.first?.message == "entries 8–8 are signed by key \(TestKeys.inga.publicKey.short)…, which was not "
            + "registered in LLI-59 (or was revoked) when they were recorded")
        if !plain.isIntact { caught += 1 }
        print("forgery series by a key holder: \(attempts) attempts, \(caught) caught (1 only against the noted head)")
        #expect(caught == attempts)
    }

    private static func addPayment(_ fixture: LedgerFixture, signedBy key: Ed25519.SecretKey?) throws {
        let head = try fixture.store.chainHead()
        let payment = PaymentReceived(partnerID: "LP", amount: try Money(minorUnits: 5_000_00, currency: .euro),
                                      date: CalendarDate(year: 2018, month: 4, day: 1)!, note: "")
        let entry = LedgerEntry(sequence: head.sequence + 1, projectCode: "LLI-59", body: .paymentReceived(payment), author: "tester",
                                recordedAt: "2026-11-22T14:00:00Z", previousHash: head.hash)
        let values = entry.fields.map(LedgerFixture.literal)
        var sql = "INSERT INTO entries (\(LedgerStore.entryColumns)) VALUES (\(values.joined(separator: ", ")), "
            + "'\(entry.hash.hexadecimal)');"
        if let key {
            sql += "INSERT INTO signatures VALUES (\(entry.sequence), \(entry.sequence), '\(key.publicKey)', "
                + "'\(key.sign(SignedStatement.head(entry.hash)).hexadecimal)');"
        }
        try fixture.tamperCarefully(sql)
    }

    private static func replaceOwner(_ fixture: LedgerFixture) throws {
        let statement = SignedStatement.owner(name: "tester", key: mallory.publicKey, unsignedThrough: 0)
        try fixture.tamperCarefully("UPDATE ledger_owner SET public_key = '\(mallory.publicKey)', "
            + "signature = '\(mallory.sign(statement).hexadecimal)'")
    }

    private static func allHashes(_ fixture: LedgerFixture) throws -> [Int64: [UInt8]] {
        var hashes: [Int64: [UInt8]] = [:]
        for sequence in 1...(try fixture.store.chainHead().sequence) { hashes[sequence] = try fixture.store.entry(sequence).hash }
        return hashes
    }
}
