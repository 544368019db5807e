import Foundation
import CSQLite
import GrantCore
import GrantFormats
import GrantKeys
import TestSupport
@testable import GrantStore

/// A fresh ledger in a scratch folder with LLI-59 loaded, and helpers to write lines into it.
final class LedgerFixture {
    let scratch: ScratchFolder
    let path: String
    let store: LedgerStore
    let grant: Grant

    /// The key that owns the ledger and signs what the fixture records.
    let ownerKey: Ed25519.SecretKey

    init(owner: Ed25519.SecretKey = TestKeys.owner) throws {
        scratch = try ScratchFolder()
        path = scratch.path + "/ledger.db"
        ownerKey = owner
        store = try LedgerStore.create(at: path, fileExists: false, owner: owner, name: "tester").0
        grant = try Repository.grant("lli-59-open-leadership")
        _ = try store.loadProject(grant, by: at("2026-11-22T10:00:00Z"))
    }

    static let owner = TestKeys.owner

    /// The latest time a test has signed at: imports without a time of their own are recorded
    /// then, as entries never go back in time.
    private var latest = "2026-11-22T11:00:00Z"

    /// The owner signing at `time`.
    func at(_ time: String) -> Authorship {
        latest = max(latest, time)
        return Authorship(key: ownerKey, recordedAt: time)
    }

    /// An expenditure line in euro, declared in full.
    static func line(partner: String = "LP", category: String = "staff", period: Int = 1, invoice: String,
                     supplier: String = "Supplier", cents: Int64) -> ExpenditureLine {
        let amount = Money.zero(.euro)
        let gross = (try? amount.adding(try Money(minorUnits: cents, currency: .euro))) ?? amount
        return ExpenditureLine(partnerID: partner, categoryID: category, periodNumber: period, invoiceNumber: invoice, supplier: supplier,
                               invoiceDate: CalendarDate(year: 2017, month: 6, day: 1)!, paymentDate: nil, net: gross, vat: .zero(.euro),
                               gross: gross, exchangeRate: nil, declaredEuros: gross, description: "test", documentReference: "D")
    }

    /// Imports `lines` as one batch named `file`, whose content hash is the hash of `file`'s name
    /// and `salt` (so two calls with the same file and salt are "the same file").
    @discardableResult
    func importLines(_ lines: [ExpenditureLine], file: String = "lines.csv", salt: String = "") throws -> LedgerStore.ImportOutcome {
        try store.importExpenditure(projectCode: "LLI-59", fileName: file, submittedOn: CalendarDate(year: 2026, month: 11, day: 22)!,
                                    by: at(latest)) { recorder in
            for (index, line) in lines.enumerated() { try recorder.record(line, sourceLine: index + 2) }
            return SHA256.hash(Array((file + salt).utf8))
        }
    }

    /// Runs raw SQL on the file behind the engine's back, as someone with the sqlite3 shell would.
    func tamper(_ sql: String) throws {
        try Self.execute(sql, on: path)
    }

    /// Runs `sql` with the append-only triggers dropped first and made again after, exactly as
    /// they were, as a careful forger would, so that only what `sql` changed is left to find.
    func tamperCarefully(_ sql: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK else { throw StoreError.database(context: "open", message: "") }
        var statement: OpaquePointer?
        sqlite3_prepare_v2(handle, "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'", -1, &statement, nil)
        var triggers: [(String, String)] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            triggers.append((String(cString: sqlite3_column_text(statement, 0)), String(cString: sqlite3_column_text(statement, 1))))
        }
        sqlite3_finalize(statement)
        sqlite3_close(handle)
        try tamper(triggers.map { "DROP TRIGGER \($0.0);" }.joined() + sql + ";" + triggers.map { $0.1 + ";" }.joined())
    }

    /// Rewrites entry `sequence` (a row) with `change`, then recomputes its hash and every later
    /// row's link and hash, as someone who knows the encoding but holds no key would. Returns the
    /// new hashes by entry.
    @discardableResult
    func forge(entry sequence: Int64, _ change: (inout [FieldValue]) -> Void) throws -> [Int64: [UInt8]] {
        let head = try store.chainHead().sequence
        var previous = try store.entry(sequence - 1).hash
        var hashes: [Int64: [UInt8]] = [:]
        var sql = ""
        for number in sequence...head {
            var fields = try store.entry(number).fields
            if number == sequence { change(&fields) }
            fields[LedgerEntry.fieldNames.count - 1] = .text(previous.hexadecimal)
            previous = SHA256.hash(LedgerEntry.canonicalEncoding(of: fields))
            hashes[number] = previous
            let assignments = zip(LedgerEntry.fieldNames, fields).map { "\($0) = \(Self.literal($1))" }
            sql += "UPDATE entries SET \(assignments.joined(separator: ", ")), hash = '\(previous.hexadecimal)' WHERE sequence = \(number);"
        }
        try tamperCarefully(sql)
        return hashes
    }

    /// Signs again, with `key`, each stored signature ending at one of `hashes`' entries, over
    /// that entry's hash: a forger re-signing with a key of their own.
    func resign(_ hashes: [Int64: [UInt8]], with key: Ed25519.SecretKey) throws {
        var sql = ""
        for signature in try store.signatureRows() {
            guard let hash = hashes[signature.last] else { continue }
            let signed = key.sign(SignedStatement.head(hash)).hexadecimal
            sql += "UPDATE signatures SET public_key = '\(key.publicKey)', signature = '\(signed)' WHERE last_sequence = \(signature.last);"
        }
        try tamperCarefully(sql)
    }

    /// A field as an SQL literal: NULL, a number, or quoted text.
    static func literal(_ field: FieldValue) -> String {
        switch field {
        case .absent: "NULL"
        case .integer(let number): String(number)
        case .text(let text): literal(text)
        }
    }

    /// Runs raw SQL on the database file at `path`.
    static func execute(_ sql: String, on path: String) throws {
        var handle: OpaquePointer?
        guard sqlite3_open(path, &handle) == SQLITE_OK else { throw StoreError.database(context: "open", message: "") }
        defer { sqlite3_close(handle) }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(handle, sql, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "?"
            sqlite3_free(message)
            throw StoreError.database(context: sql, message: text)
        }
    }
}
