import GrantCore

extension LedgerStore {
    /// Every expenditure and reversal entry of `projectCode` through `pass`, block by block: each
    /// entry is decoded, handed to the pass and let go, so memory stays with the pass (distinct
    /// invoices and cells), not with the lines. Returns the entries given.
    package func audit(projectCode: String, into pass: AuditPass) throws(StoreError) -> Int {
        var reversals: [Int64: (sequence: Int64, period: Int, amount: Money, recordedAt: String)] = [:]
        var controls: [Int64: Money] = [:]
        for entry in try entries("WHERE project = ? AND kind IN ('reversal', 'control')", [.text(projectCode)]) {
            switch entry.body {
            case .reversal(let original, _, let period, let amount):
                reversals[original] = (entry.sequence, period, amount, entry.recordedAt)
            case .control(let control): controls[control.entry] = control.certified  // The latest control wins.
            default: break
            }
        }
        let context = pass.context
        var count = 0
        var reversed: [(LedgerEntry, ExpenditureLine)] = []
        var fast = AuditFields()
        try forEachBlock(projectCode: projectCode) { (block) throws(StoreError) in
            try block.forEachEntry(hashes: false) { (index, read, _) throws(StoreError) in
                guard var fields = read else {
                    throw .refused("entries \(block.firstSequence)–\(block.lastSequence) cannot be read: their stored block is damaged; "
                        + "run 'grantledger verify'")
                }
                count += 1
                let sequence = if case .integer(let number) = fields[0] { number } else { Int64(0) }
                let reversal = reversals[sequence]
                // Most entries go to the pass straight from their fields; a reversed one, or one whose
                // fields do not read plainly, is decoded in full (which names what is wrong with it).
                if reversal == nil, try fast.add(fields, certified: controls[sequence], to: pass) { return }
                fields[fields.count - 1] = block.previousHashField(index)
                let entry = try decode(fields)
                guard case .expenditure(let line, _, _) = entry.body else { return }
                if reversal != nil { reversed.append((entry, line)) }
                let control = controls[entry.sequence].map {
                    (Int64(0), Control(entry: entry.sequence, certified: $0, reason: nil, note: ""))
                }
                let audited = LedgerLine(entry: entry, line: line, reversedBy: reversal?.sequence, control: control)
                try Self.add(audited, to: pass, context: context)
            }
        }
        for (original, line) in reversed {
            guard let reversal = reversals[original.sequence] else { continue }
            let entry = LedgerEntry(sequence: reversal.sequence, projectCode: projectCode,
                                    body: .reversal(original: original.sequence, reason: "", periodNumber: reversal.period,
                                                    amount: reversal.amount),
                                    author: "", recordedAt: reversal.recordedAt, previousHash: LedgerEntry.genesisHash)
            try Self.add(LedgerLine(entry: entry, line: line, reversedBy: nil), to: pass, context: context)
            count += 1
        }
        return count
    }

    private static func add(_ line: LedgerLine, to pass: AuditPass, context: AuditContext) throws(StoreError) {
        let partner = context.position(ofPartner: line.line.partnerID), category = context.position(ofCategory: line.line.categoryID)
        do {
            try line.withAuditLine(partner: partner, category: category) { (audited) throws(MoneyError) in try pass.add(audited) }
        } catch {
            throw .refused("entry \(line.entry.sequence): \(error)")
        }
    }
}

/// An expenditure entry's fields (in `LedgerEntry.fieldNames` order) made an `AuditLine`
/// without decoding the entry: the values read as `LedgerEntry(fields:)` reads them, the
/// currency, rate and recording day of the last entry kept, since a block's entries share them.
private struct AuditFields {
    private var currency: (code: String, currency: Currency)?
    private var rate: (text: String, rate: ExchangeRate)?
    private var recorded: (text: String, day: CalendarDate)?

    /// Gives the entry to `pass`; false (nothing given) when a field does not read plainly.
    mutating func add(_ fields: [FieldValue], certified: Money?, to pass: AuditPass) throws(StoreError) -> Bool {
        guard fields.count == LedgerEntry.fieldNames.count, case .text("expenditure") = fields[2],
              case .integer(let sequence) = fields[0], case .text(let recordedAt) = fields[4],
              case .integer(let batch) = fields[5], case .integer(let sourceLine) = fields[6],
              case .text(let partner) = fields[7], case .text(let category) = fields[8], case .integer(let period) = fields[9],
              case .text(let number) = fields[10], case .text(let supplier) = fields[11],
              case .text(let invoiced) = fields[12], let invoiceDate = CalendarDate(text: invoiced),
              case .text(let code) = fields[14], let currency = currency(code),
              case .integer(let net) = fields[15], case .integer(let vat) = fields[16], case .integer(let gross) = fields[17],
              case .integer(let declared) = fields[19], let recordedOn = day(recordedAt),
              let amounts = try? (Money(minorUnits: net, currency: currency), Money(minorUnits: vat, currency: currency),
                                  Money(minorUnits: gross, currency: currency), Money(minorUnits: declared, currency: .euro)),
              (try? amounts.0.adding(amounts.1)) == amounts.2 else { return false }
        var paymentDate: CalendarDate?
        switch fields[13] {
        case .absent: break
        case .text(let paid): guard let date = CalendarDate(text: paid) else { return false }; paymentDate = date
        case .integer: return false
        }
        var exchangeRate: ExchangeRate?
        switch fields[18] {
        case .absent: guard currency == .euro else { return false }
        case .text(let text): guard currency != .euro, let found = rate(text, currency) else { return false }; exchangeRate = found
        case .integer: return false
        }
        let context = pass.context
        var (numberText, supplierText) = (number, supplier)
        do {
            try numberText.withUTF8 { number in
                try supplierText.withUTF8 { supplier in
                    try pass.add(AuditLine(kind: .expenditure, entry: sequence, sourceLine: Int(sourceLine), batch: batch,
                                           partner: context.position(ofPartner: partner), category: context.position(ofCategory: category),
                                           periodNumber: Int(period), invoiceDate: invoiceDate, paymentDate: paymentDate, net: amounts.0,
                                           vat: amounts.1, gross: amounts.2, exchangeRate: exchangeRate, declared: amounts.3,
                                           euros: amounts.3, reversed: false, certified: certified, recordedOn: recordedOn,
                                           invoiceNumber: number, supplier: supplier))
                }
            }
        } catch {
            throw .refused("entry \(sequence): \(error)")
        }
        return true
    }

    private mutating func currency(_ code: String) -> Currency? {
        if let currency, currency.code == code { return currency.currency }
        guard let found = Currency(code: code) else { return nil }
        currency = (code, found)
        return found
    }

    private mutating func rate(_ text: String, _ currency: Currency) -> ExchangeRate? {
        if let rate, rate.text == text, rate.rate.currency == currency { return rate.rate }
        guard let found = try? ExchangeRate(currency: currency, text: text) else { return nil }
        rate = (text, found)
        return found
    }

    private mutating func day(_ recordedAt: String) -> CalendarDate? {
        if let recorded, recorded.text == recordedAt { return recorded.day }
        guard let found = CalendarDate(text: String(recordedAt.prefix(10))) else { return nil }
        recorded = (recordedAt, found)
        return found
    }
}
