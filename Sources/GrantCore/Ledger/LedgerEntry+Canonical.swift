/// The canonical encoding of a ledger entry: the line `grantledger-entry/1`, then every stored
/// field in the fixed order of `fieldNames`, each as `length:value` (its UTF-8 byte length, a
/// colon, the value) or `-` when absent, each followed by a line feed. Lengths make the
/// encoding unambiguous; the fixed order makes names unnecessary. The stored columns are
/// exactly these fields, so changing any of them changes the entry's hash.
extension LedgerEntry {
    /// The field names, in canonical order; the store's columns carry the same names.
    public static let fieldNames = [
        "sequence", "project", "kind", "author", "recorded_at", "batch", "source_line", "partner", "category",
        "period", "invoice_number", "supplier", "invoice_date", "payment_date", "currency", "net_minor", "vat_minor",
        "gross_minor", "exchange_rate", "amount_eur_minor", "description", "document", "reverses", "reason",
        "file_name", "content_hash", "line_count", "definition_hash", "submitted_on", "controls", "certified_minor",
        "deduction_reason", "previous_hash",
    ]

    /// The entry's fields in canonical order: text, a whole number, or absent.
    public var fields: [FieldValue] {
        var values = [FieldValue](repeating: .absent, count: Self.fieldNames.count)
        values[0] = .integer(sequence)
        values[1] = .text(projectCode)
        values[2] = .text(body.kind)
        values[3] = .text(author)
        values[4] = .text(recordedAt)
        values[32] = .text(previousHash.hexadecimal)
        switch body {
        case .projectLoaded(let definitionHash):
            values[27] = .text(definitionHash)
        case .expenditure(let line, let batch, let sourceLine):
            values[5] = .integer(batch)
            values[6] = .integer(Int64(sourceLine))
            values[7] = .text(line.partnerID)
            values[8] = .text(line.categoryID)
            values[9] = .integer(Int64(line.periodNumber))
            values[10] = .text(line.invoiceNumber)
            values[11] = .text(line.supplier)
            values[12] = .text(line.invoiceDate.description)
            values[13] = line.paymentDate.map { .text($0.description) } ?? .absent
            values[14] = .text(line.currency.code)
            values[15] = .integer(line.net.minorUnits)
            values[16] = .integer(line.vat.minorUnits)
            values[17] = .integer(line.gross.minorUnits)
            values[18] = line.exchangeRate.map { .text($0.description) } ?? .absent
            values[19] = .integer(line.declaredEuros.minorUnits)
            values[20] = .text(line.description)
            values[21] = .text(line.documentReference)
        case .reversal(let original, let reason, let periodNumber, let amount):
            values[9] = .integer(Int64(periodNumber))
            values[14] = .text(amount.currency.code)
            values[19] = .integer(amount.minorUnits)
            values[22] = .integer(original)
            values[23] = .text(reason)
        case .importBatch(let batch):
            values[5] = .integer(batch.number)
            values[14] = .text(batch.totalEuros.currency.code)
            values[19] = .integer(batch.totalEuros.minorUnits)
            values[24] = .text(batch.fileName)
            values[25] = .text(batch.contentHash)
            values[26] = .integer(batch.lineCount)
            values[28] = .text(batch.submittedOn.description)
        case .periodClosed(let periodNumber):
            values[9] = .integer(Int64(periodNumber))
        case .paymentReceived(let payment):
            values[7] = .text(payment.partnerID)
            values[13] = .text(payment.date.description)
            values[14] = .text(payment.amount.currency.code)
            values[19] = .integer(payment.amount.minorUnits)
            values[20] = .text(payment.note)
        case .rate(let recorded):
            values[5] = .integer(recorded.batch)
            values[14] = .text(recorded.rate.currency.code)
            values[18] = .text(recorded.rate.description)
            values[28] = .text(recorded.month.description)
        case .keyRegistered(let key):
            // A key entry reuses fields of the fixed list: the key as a content hash (64 hex
            // digits), the holder's name as a description, the role as a category.
            values[7] = key.partnerID.map(FieldValue.text) ?? .absent
            values[8] = .text(key.role.rawValue)
            values[20] = .text(key.name)
            values[25] = .text(key.publicKey)
        case .keyRevoked(let revocation):
            values[23] = .text(revocation.reason)
            values[25] = .text(revocation.publicKey)
        case .partnerReport(let event):
            // A partner report's step reuses fields of the fixed list: its number as the batch,
            // the step as the reason; a sample's confidence as the category, its tolerable error
            // as the rate, its seed as the content hash.
            values[5] = .integer(Int64(event.number))
            values[7] = .text(event.partnerID)
            values[9] = .integer(Int64(event.periodNumber))
            values[20] = .text(event.note)
            values[23] = .text(event.step.rawValue)
            if let sampling = event.sampling {
                values[8] = .text(String(sampling.confidence.rawValue))
                values[18] = .text(sampling.tolerable.percentText)
                values[25] = .text(sampling.seed.hexadecimal)
            }
        case .control(let control):
            values[14] = .text(control.certified.currency.code)
            values[20] = .text(control.note)
            values[29] = .integer(control.entry)
            values[30] = .integer(control.certified.minorUnits)
            values[31] = (control.parked ? .parked : control.reason).map { .text($0.rawValue) } ?? .absent
        }
        return values
    }

    /// The bytes the entry's hash is taken over.
    public var canonicalEncoding: [UInt8] { Self.canonicalEncoding(of: fields) }

    /// The canonical bytes of `fields` (in `fieldNames` order), however they were obtained:
    /// from an entry about to be written, or from the columns of a stored one.
    public static func canonicalEncoding(of fields: [FieldValue]) -> [UInt8] {
        precondition(fields.count == fieldNames.count, "Every field has a value or is absent")
        let bytes = ByteBuffer(capacity: 384)
        bytes.append(CanonicalField.header)
        for value in fields {
            switch value {
            case .absent: CanonicalField.appendAbsent(to: bytes)
            case .integer(let number): CanonicalField.appendInteger(number, to: bytes)
            case .text(let text):
                var utf8 = text
                utf8.withUTF8 { CanonicalField.appendText($0, to: bytes) }
            }
        }
        return bytes.array
    }

    /// The entry's hash: SHA-256 of its canonical encoding, which includes the previous hash.
    public var hash: [UInt8] { SHA256.hash(canonicalEncoding) }
}

/// The canonical encoding written a field at a time: by `LedgerEntry.canonicalEncoding(of:)`, and
/// by the store, which builds it for each line of a large import without a `FieldValue` per
/// field. Inlined into the store, as it runs for every field of every imported line.
public enum CanonicalField {
    /// The line every encoding starts with.
    public static let header: [UInt8] = Array("grantledger-entry/1\n".utf8)

    @inlinable
    public static func appendAbsent(to bytes: ByteBuffer) {
        bytes.reserve(2)
        bytes.base[bytes.written] = UInt8(ascii: "-")
        bytes.base[bytes.written + 1] = UInt8(ascii: "\n")
        bytes.written += 2
    }

    /// `length:digits`, with a leading `-` (counted in the length) when below zero. Digits are
    /// taken from the right by dividing by ten (a multiplication once compiled), in place.
    @inlinable
    public static func appendInteger(_ number: Int64, to bytes: ByteBuffer) {
        var rest = number.magnitude
        var digitCount = 1
        var scale = rest
        while scale >= 10 {
            scale /= 10
            digitCount += 1
        }
        let width = digitCount + (number < 0 ? 1 : 0)
        bytes.reserve(width + 4)
        appendLength(width, to: bytes)
        var position = bytes.written
        if number < 0 {
            bytes.base[position] = UInt8(ascii: "-")
            position += 1
        }
        var index = position + digitCount - 1
        repeat {
            bytes.base[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        } while index >= position
        bytes.base[position + digitCount] = UInt8(ascii: "\n")
        bytes.written = position + digitCount + 1
    }

    /// `length:text`, the length in UTF-8 bytes.
    @inlinable
    public static func appendText(_ text: UnsafeBufferPointer<UInt8>, to bytes: ByteBuffer) {
        bytes.reserve(text.count + 8)
        appendLength(text.count, to: bytes)
        bytes.append(text)
        bytes.base[bytes.written] = UInt8(ascii: "\n")
        bytes.written += 1
    }

    /// A hash as text: `64:` and its lower-case hexadecimal digits (the previous-hash field).
    @inlinable
    public static func appendHexadecimal(_ hash: some Collection<UInt8>, to bytes: ByteBuffer) {
        bytes.reserve(hash.count * 2 + 8)
        appendLength(hash.count * 2, to: bytes)
        var position = bytes.written
        for byte in hash {
            bytes.base[position] = hexDigit(byte >> 4)
            bytes.base[position + 1] = hexDigit(byte & 15)
            position += 2
        }
        bytes.base[position] = UInt8(ascii: "\n")
        bytes.written = position + 1
    }

    /// A lower-case hexadecimal digit (the one writer of them: hashes in the encoding and `hexadecimal`).
    @inlinable
    static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10 }

    /// `length:`.
    @inlinable
    static func appendLength(_ length: Int, to bytes: ByteBuffer) {
        if length < 100 {  // Nearly every field: written without a loop.
            bytes.reserve(3)
            if length >= 10 {
                bytes.base[bytes.written] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: length / 10)
                bytes.written += 1
            }
            bytes.base[bytes.written] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: length % 10)
            bytes.base[bytes.written + 1] = UInt8(ascii: ":")
            bytes.written += 2
            return
        }
        var digitCount = 1
        var scale = length
        while scale >= 10 {
            scale /= 10
            digitCount += 1
        }
        bytes.reserve(digitCount + 1)
        var rest = length
        var index = bytes.written + digitCount - 1
        repeat {
            bytes.base[index] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        } while index >= bytes.written
        bytes.base[bytes.written + digitCount] = UInt8(ascii: ":")
        bytes.written += digitCount + 1
    }
}

/// A field's value in the canonical encoding.
public enum FieldValue: Hashable, Sendable {
    case absent
    case integer(Int64)
    case text(String)
}
