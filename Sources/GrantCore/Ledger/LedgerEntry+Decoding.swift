extension LedgerEntry {
    /// Rebuilds an entry from its fields in canonical order, as the store reads them back.
    /// Throws with the name of the first field that is missing or malformed.
    public init(fields: [FieldValue]) throws(LedgerDecodingError) {
        precondition(fields.count == Self.fieldNames.count, "Every field has a value or is absent")
        let reader = FieldReader(fields: fields)
        let previous = try reader.text("previous_hash")
        guard let previousHash = Self.bytes(hexadecimal: previous), previousHash.count == 32 else {
            throw LedgerDecodingError(field: "previous_hash", problem: "not a 64-digit hexadecimal hash")
        }
        let sequence = try reader.integer("sequence")
        guard sequence >= 1 else { throw LedgerDecodingError(field: "sequence", problem: "not a positive number") }
        self.init(sequence: sequence, projectCode: try reader.text("project"), body: try Self.body(reader),
                  author: try reader.text("author"), recordedAt: try reader.text("recorded_at"), previousHash: previousHash)
    }

    private static func body(_ reader: FieldReader) throws(LedgerDecodingError) -> LedgerEntryBody {
        switch try reader.text("kind") {
        case "project":
            return .projectLoaded(definitionHash: try reader.text("definition_hash"))
        case "expenditure":
            return .expenditure(try expenditure(reader), batch: try reader.integer("batch"), sourceLine: Int(try reader.integer("source_line")))
        case "reversal":
            return .reversal(original: try reader.integer("reverses"), reason: try reader.text("reason"),
                             periodNumber: Int(try reader.integer("period")), amount: try reader.money("amount_eur_minor", currency: .euro))
        case "import":
            return .importBatch(ImportBatch(number: try reader.integer("batch"), fileName: try reader.text("file_name"),
                                            contentHash: try reader.text("content_hash"), lineCount: try reader.integer("line_count"),
                                            totalEuros: try reader.money("amount_eur_minor", currency: .euro),
                                            submittedOn: try reader.date("submitted_on")))
        case "close-period":
            return .periodClosed(periodNumber: Int(try reader.integer("period")))
        case "payment":
            return .paymentReceived(PaymentReceived(partnerID: try reader.text("partner"), amount: try reader.money("amount_eur_minor", currency: .euro),
                                                    date: try reader.date("payment_date"), note: try reader.text("description")))
        case "control":
            let reasonText = try reader.optionalText("deduction_reason")
            let reason = try reasonText.map { (text) throws(LedgerDecodingError) in
                guard let reason = DeductionReason(rawValue: text) else {
                    throw LedgerDecodingError(field: "deduction_reason", problem: "unknown reason \"\(text)\"")
                }
                return reason
            }
            let (entry, note) = (try reader.integer("controls"), try reader.text("description"))
            if reason == .parked {
                guard try reader.money("certified_minor", currency: .euro).isZero else {
                    throw LedgerDecodingError(field: "certified_minor", problem: "a parked entry certifies nothing")
                }
                return .control(.parking(entry, note: note))
            }
            let certified = try reader.money("certified_minor", currency: .euro)
            return .control(Control(entry: entry, certified: certified, reason: reason, note: note))
        case "rate":
            guard let rate = try exchangeRate(reader, currency: try currency(reader)) else {
                throw LedgerDecodingError(field: "exchange_rate", problem: "missing")
            }
            let month = try reader.date("submitted_on")
            guard month.day == 1 else {
                throw LedgerDecodingError(field: "submitted_on", problem: "a rate's month is written as its first day")
            }
            return .rate(RecordedRate(rate: rate, month: month, batch: try reader.integer("batch")))
        case "key":
            let roleText = try reader.text("category")
            guard let role = LedgerRole(rawValue: roleText) else {
                throw LedgerDecodingError(field: "category", problem: "unknown role \"\(roleText)\"")
            }
            return .keyRegistered(KeyRegistration(publicKey: try publicKey(reader), name: try reader.text("description"),
                                                  role: role, partnerID: try reader.optionalText("partner")))
        case "key-revoked":
            return .keyRevoked(KeyRevocation(publicKey: try publicKey(reader), reason: try reader.text("reason")))
        case "partner-report":
            return .partnerReport(try partnerReport(reader))
        case let other:
            throw LedgerDecodingError(field: "kind", problem: "unknown kind \"\(other)\"")
        }
    }

    private static func partnerReport(_ reader: FieldReader) throws(LedgerDecodingError) -> PartnerReportEvent {
        let stepText = try reader.text("reason")
        guard let step = PartnerReportStep(rawValue: stepText) else {
            throw LedgerDecodingError(field: "reason", problem: "unknown partner report step \"\(stepText)\"")
        }
        let number = try reader.integer("batch")
        guard number >= 1, number <= Int64(Int32.max) else { throw LedgerDecodingError(field: "batch", problem: "not a report number") }
        var sampling: SamplingTerms?
        if step == .startControl {
            let confidenceText = try reader.text("category"), tolerableText = try reader.text("exchange_rate")
            guard let confidence = SamplingConfidence(text: confidenceText) else {
                throw LedgerDecodingError(field: "category", problem: "unknown confidence \"\(confidenceText)\"")
            }
            guard let tolerable = try? Rate(percentText: tolerableText), tolerable.percentText == tolerableText,
                  tolerable.hundredMillionths > 0 else {
                throw LedgerDecodingError(field: "exchange_rate", problem: "\"\(tolerableText)\" is not a tolerable error")
            }
            guard let seed = bytes(hexadecimal: try reader.text("content_hash")), seed.count == 32 else {
                throw LedgerDecodingError(field: "content_hash", problem: "not a 64-digit seed")
            }
            sampling = SamplingTerms(confidence: confidence, tolerable: tolerable, seed: seed)
        }
        return PartnerReportEvent(partnerID: try reader.text("partner"), number: Int(number),
                                  periodNumber: Int(try reader.integer("period")), step: step, sampling: sampling,
                                  note: try reader.text("description"))
    }

    /// A key entry's public key: 64 lower-case hexadecimal digits.
    private static func publicKey(_ reader: FieldReader) throws(LedgerDecodingError) -> String {
        let key = try reader.text("content_hash")
        guard isPublicKey(key) else {
            throw LedgerDecodingError(field: "content_hash", problem: "not a 64-digit public key")
        }
        return key
    }

    /// The entry's currency.
    private static func currency(_ reader: FieldReader) throws(LedgerDecodingError) -> Currency {
        let code = try reader.text("currency")
        guard let currency = Currency(code: code) else { throw LedgerDecodingError(field: "currency", problem: "unknown currency \"\(code)\"") }
        return currency
    }

    /// The entry's exchange rate of `currency`, nil when the field is absent.
    private static func exchangeRate(_ reader: FieldReader, currency: Currency) throws(LedgerDecodingError) -> ExchangeRate? {
        guard let text = try reader.optionalText("exchange_rate") else { return nil }
        do {
            return try ExchangeRate(currency: currency, text: text)
        } catch {
            throw LedgerDecodingError(field: "exchange_rate", problem: error.message)
        }
    }

    private static func expenditure(_ reader: FieldReader) throws(LedgerDecodingError) -> ExpenditureLine {
        let currency = try currency(reader)
        let rate = try exchangeRate(reader, currency: currency)
        return ExpenditureLine(
            partnerID: try reader.text("partner"), categoryID: try reader.text("category"), periodNumber: Int(try reader.integer("period")),
            invoiceNumber: try reader.text("invoice_number"), supplier: try reader.text("supplier"),
            invoiceDate: try reader.date("invoice_date"), paymentDate: try reader.optionalText("payment_date").map { _ throws(LedgerDecodingError) in try reader.date("payment_date") },
            net: try reader.money("net_minor", currency: currency), vat: try reader.money("vat_minor", currency: currency),
            gross: try reader.money("gross_minor", currency: currency), exchangeRate: rate,
            declaredEuros: try reader.money("amount_eur_minor", currency: .euro), description: try reader.text("description"),
            documentReference: try reader.text("document"))
    }

    /// The bytes a lower-case hexadecimal text spells, or nil when it is not one.
    public static func bytes(hexadecimal text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}

/// A stored field that cannot be read back into an entry.
public struct LedgerDecodingError: Error, Equatable, Sendable {
    public let field: String
    public let problem: String
}

/// Reads fields by name from a row in canonical order.
private struct FieldReader {
    let fields: [FieldValue]

    private static let positions = Dictionary(uniqueKeysWithValues: LedgerEntry.fieldNames.enumerated().map { ($1, $0) })

    private func value(_ name: String) -> FieldValue {
        fields[Self.positions[name]!]
    }

    func text(_ name: String) throws(LedgerDecodingError) -> String {
        guard case .text(let text) = value(name) else { throw LedgerDecodingError(field: name, problem: "expected text") }
        return text
    }

    func optionalText(_ name: String) throws(LedgerDecodingError) -> String? {
        switch value(name) {
        case .absent: return nil
        case .text(let text): return text
        case .integer: throw LedgerDecodingError(field: name, problem: "expected text")
        }
    }

    func integer(_ name: String) throws(LedgerDecodingError) -> Int64 {
        guard case .integer(let number) = value(name) else { throw LedgerDecodingError(field: name, problem: "expected a whole number") }
        return number
    }

    func money(_ name: String, currency: Currency) throws(LedgerDecodingError) -> Money {
        do {
            return try Money(minorUnits: try integer(name), currency: currency)
        } catch let error as LedgerDecodingError {
            throw error
        } catch {
            throw LedgerDecodingError(field: name, problem: "out of range")
        }
    }

    func date(_ name: String) throws(LedgerDecodingError) -> CalendarDate {
        let text = try text(name)
        guard let date = CalendarDate(text: text) else { throw LedgerDecodingError(field: name, problem: "\"\(text)\" is not a date") }
        return date
    }
}
