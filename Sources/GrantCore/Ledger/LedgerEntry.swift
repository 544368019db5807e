/// One entry of the append-only ledger, chained to the one before it by SHA-256.
///
/// An entry is never changed once written: a mistake is corrected by a reversal entry that
/// names the original, and both stay.
public struct LedgerEntry: Hashable, Sendable {
    /// The entry's place in the chain, from 1.
    public let sequence: Int64
    /// The project the entry belongs to.
    public let projectCode: String
    /// What the entry records.
    public let body: LedgerEntryBody
    /// Who recorded it.
    public let author: String
    /// When it was recorded: UTC, ISO 8601 to the second, e.g. `2026-11-22T13:36:35Z`.
    public let recordedAt: String
    /// The hash of the entry before (32 zero bytes for the first).
    public let previousHash: [UInt8]

    public init(sequence: Int64, projectCode: String, body: LedgerEntryBody, author: String, recordedAt: String, previousHash: [UInt8]) {
        precondition(sequence >= 1 && previousHash.count == 32, "Entries are numbered from 1 and chained by 32-byte hashes")
        self.sequence = sequence
        self.projectCode = projectCode
        self.body = body
        self.author = author
        self.recordedAt = recordedAt
        self.previousHash = previousHash
    }

    /// The previous hash of the first entry.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)
}

/// The kinds of ledger entry.
public enum LedgerEntryBody: Hashable, Sendable {
    /// A project definition was loaded; `definitionHash` fingerprints the whole definition.
    case projectLoaded(definitionHash: String)
    /// An expenditure line, from import batch `batch`, line `sourceLine` of its file.
    case expenditure(ExpenditureLine, batch: Int64, sourceLine: Int)
    /// Cancels entry `original` in full, posted in reporting period `periodNumber`.
    case reversal(original: Int64, reason: String, periodNumber: Int, amount: Money)
    /// Closes an import batch: its file, the file's SHA-256, its line count and euro total.
    case importBatch(ImportBatch)
    /// Closes a reporting period: no new entries may be posted in it.
    case periodClosed(periodNumber: Int)
    /// A controller's verdict on an expenditure entry: the amount certified, and why the rest is deducted.
    case control(Control)
    /// Programme funds received for a partner.
    case paymentReceived(PaymentReceived)
    /// A monthly exchange rate an import converted or checked its lines with, so a later audit
    /// of the ledger checks against it without the rate table.
    case rate(RecordedRate)
    /// A signing key registered for the project: its holder's name and role. Entries signed by it
    /// from the next command on carry that name as their author.
    case keyRegistered(KeyRegistration)
    /// A registered key withdrawn: nothing it signs from the next command on is accepted.
    case keyRevoked(KeyRevocation)
    /// A step taken on a partner report: opened, submitted, its control started (with the
    /// sample's terms), certified or reopened.
    case partnerReport(PartnerReportEvent)

    /// The kind's name as stored and shown.
    public var kind: String {
        switch self {
        case .projectLoaded: "project"
        case .expenditure: "expenditure"
        case .reversal: "reversal"
        case .importBatch: "import"
        case .periodClosed: "close-period"
        case .control: "control"
        case .paymentReceived: "payment"
        case .rate: "rate"
        case .keyRegistered: "key"
        case .keyRevoked: "key-revoked"
        case .partnerReport: "partner-report"
        }
    }
}

/// Programme funds paid out for a partner's certified expenditure.
public struct PaymentReceived: Hashable, Sendable {
    public let partnerID: String
    /// The amount received, in euro; above zero.
    public let amount: Money
    /// The day the money arrived.
    public let date: CalendarDate
    public let note: String

    public init(partnerID: String, amount: Money, date: CalendarDate, note: String) {
        self.partnerID = partnerID
        self.amount = amount
        self.date = date
        self.note = note
    }
}

/// The summary of one import: what a verify recomputes from the batch's lines.
public struct ImportBatch: Hashable, Sendable {
    public let number: Int64
    public let fileName: String
    /// The SHA-256 of the file's bytes, in hexadecimal.
    public let contentHash: String
    public let lineCount: Int64
    public let totalEuros: Money
    /// The day the expenditure was submitted for control: its month picks Interreg's exchange rate.
    public let submittedOn: CalendarDate

    public init(number: Int64, fileName: String, contentHash: String, lineCount: Int64, totalEuros: Money, submittedOn: CalendarDate) {
        self.number = number
        self.fileName = fileName
        self.contentHash = contentHash
        self.lineCount = lineCount
        self.totalEuros = totalEuros
        self.submittedOn = submittedOn
    }
}

/// A rate table's rate for one currency and month, as an import used it.
public struct RecordedRate: Hashable, Sendable {
    public let rate: ExchangeRate
    /// The first day of the month the rate is for.
    public let month: CalendarDate
    /// The import batch that used it first.
    public let batch: Int64

    public init(rate: ExchangeRate, month: CalendarDate, batch: Int64) {
        precondition(month.day == 1, "A month's rate is recorded on the month's first day")
        self.rate = rate
        self.month = month
        self.batch = batch
    }
}

/// What a registered key's holder does in a project (step 10 gives each its database rights).
public enum LedgerRole: String, CaseIterable, Hashable, Sendable {
    /// The programme: loads projects, closes periods, records payments, registers keys.
    case programme
    /// The lead partner: reads every partner, prepares the project's reports and claims.
    case leadPartner = "lead-partner"
    /// One partner's finance officer.
    case partner
    /// A first-level controller: certifies expenditure.
    case controller
    /// An auditor: reads and verifies.
    case auditor

}

/// A signing key registered in a project's chain.
public struct KeyRegistration: Hashable, Sendable {
    /// The Ed25519 public key: 64 lower-case hexadecimal digits.
    public let publicKey: String
    /// The name entries signed by it show as their author.
    public let name: String
    public let role: LedgerRole
    /// The partner a `partner` key acts for, or a `controller` key is assigned to (nil: every partner).
    public let partnerID: String?

    public init(publicKey: String, name: String, role: LedgerRole, partnerID: String?) {
        precondition(LedgerEntry.isPublicKey(publicKey), "A public key is 64 lower-case hexadecimal digits")
        self.publicKey = publicKey
        self.name = name
        self.role = role
        self.partnerID = partnerID
    }
}

/// A registered key withdrawn, with why.
public struct KeyRevocation: Hashable, Sendable {
    public let publicKey: String
    public let reason: String

    public init(publicKey: String, reason: String) {
        precondition(LedgerEntry.isPublicKey(publicKey), "A public key is 64 lower-case hexadecimal digits")
        self.publicKey = publicKey
        self.reason = reason
    }
}

extension LedgerEntry {
    /// Whether `text` is an Ed25519 public key as key entries store it: 64 lower-case hexadecimal digits.
    public static func isPublicKey(_ text: String) -> Bool {
        text.utf8.count == 64 && bytes(hexadecimal: text) != nil
    }
}
