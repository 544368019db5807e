import Glibc
import GrantCore
import GrantFormats

/// The expenditure files of a project folder, read as `load` and `import` would record them, so
/// `check FOLDER` audits a project without a database. `submissions.csv` lists the files in the
/// order they are submitted, with the day each is submitted (`file,submitted`); `rates.csv`,
/// when present, converts non-euro lines and is checked against.
enum FolderExpenditure {
    static let submissionsFile = "submissions.csv"

    struct Ledger {
        /// The expenditure entries with their controls, when kept (`keepLines`).
        let lines: [LedgerLine]
        let batches: [Int64: ImportBatch]
        let rates: RateTable?
        /// Lines naming a partner, category or period the project does not define.
        let unknownReferences: [AuditFinding]
        /// Programme funds received, from `payments.csv` (`partner,date,amount,note`).
        let payments: [PaymentReceived]
        /// Each input file read, in reading order, with its SHA-256 (when asked for).
        let inputDigests: [(file: String, sha256: [UInt8])]
        /// The audit of the lines, made as they were read, when asked for.
        let audit: AuditPass?
        /// The expenditure entries read.
        let entries: Int
    }

    /// Reads whole files, and keeps each one's SHA-256 when `digesting`.
    private final class InputReader {
        let located: (String) -> String
        let digesting: Bool
        private(set) var digests: [(file: String, sha256: [UInt8])] = []

        init(located: @escaping (String) -> String, digesting: Bool) {
            self.located = located
            self.digesting = digesting
        }

        func bytes(_ path: String) throws(CLIError) -> [UInt8] {
            let bytes = try FileSystem.readBytes(located(path))
            if digesting { digests.append((path, SHA256.hash(bytes))) }
            return bytes
        }

        /// Notes the SHA-256 of a file read some other way.
        func record(_ path: String, digest: [UInt8]) { digests.append((path, digest)) }
    }

    /// The folder's expenditure, or nil when it has no `submissions.csv` and no expenditure file.
    /// With `auditing`, every line goes through an audit pass (on that grant and pack; applying
    /// the rules, or for the sums alone) as it is read; the lines are kept only when `keepLines`.
    static func read(_ folder: String, grant: Grant, digesting: Bool, auditing: (grant: Grant, pack: RulePack, rules: Bool)? = nil,
                     keepLines: Bool = true, located: @escaping (String) -> String) throws(CLIError) -> Ledger? {
        let input = InputReader(located: located, digesting: digesting)
        let names = try FileSystem.contents(located(folder))
        let submissionsPath = FileSystem.join(folder, submissionsFile)
        guard names.contains(submissionsFile) else {
            if let stray = names.first(where: { $0.hasPrefix("expenditure") && $0.hasSuffix(".csv") }) {
                throw .input(InputError(file: submissionsPath, location: .wholeFile,
                                        problem: "is missing: \(stray) cannot be checked without the day it is submitted; list each "
                                            + "expenditure file as file,submitted (e.g. expenditure-p1.csv,2017-11-15)"))
            }
            return nil
        }
        let rates = try names.contains("rates.csv") ? rateTable(FileSystem.join(folder, "rates.csv"), input: input) : nil
        let pass = auditing.map {
            AuditPass(AuditContext(grant: $0.grant, pack: $0.pack, batches: [:], rates: rates), applyingRules: $0.rules)
        }
        // The controller's verdicts are read now, for the audit to see each line's as it comes, and
        // judged once every line is read, as an import followed by `certify` would judge them.
        let controlsPath = FileSystem.join(folder, "controls.csv")
        let controls = names.contains("controls.csv")
            ? ControlsFile(path: controlsPath, bytes: try FileSystem.readBytes(located(controlsPath))) : nil
        var lines: [LedgerLine] = []
        var batches: [Int64: ImportBatch] = [:]
        var unknown: [AuditFinding] = []
        var declaredOfControlled: [Int64: Money] = [:]
        var expenditureEntries = 0
        var sequence: Int64 = 1  // Entry 1 is the project, as `load` records it.
        var batch: Int64 = 0
        var recordedRates: [CurrencyMonth: ExchangeRate] = [:]
        let conversionMonth = grant.programme.rulePack.conversionMonth
        let submitted = try submissions(submissionsPath, input: input)
        let ahead = readAhead(submitted, in: folder, grant: grant, rates: rates, hashing: digesting, located: located)
        defer { ahead.finish() }
        for (index, (_, submitted)) in submitted.enumerated() {
            batch += 1
            pass?.submitted(batch: batch, on: submitted)
            let path = ahead.path(index)
            var total = Money.zero(.euro)
            var count: Int64 = 0
            var foreign: Set<CurrencyMonth> = []
            let recordedAt = "\(submitted)T00:00:00Z"  // once per file, not once per line
            do {
                let digest = try ahead.read(index, skipUnknown: { unknown.append(finding($0, grant: grant)) }) { record in
                    sequence += 1
                    count += 1
                    expenditureEntries += 1
                    total = try total.adding(record.declared)
                    if record.currency != .euro {
                        let month = conversionMonth == .submission ? submitted : record.invoiceDate
                        foreign.insert(CurrencyMonth(currency: record.currency, monthOf: month))
                    }
                    if controls?.entries.contains(sequence) == true { declaredOfControlled[sequence] = record.declared }
                    try pass?.add(record.auditLine(entry: sequence, batch: batch, recordedOn: submitted,
                                                   certified: controls?.certified[sequence]))
                    guard keepLines else { return }
                    let line = record.expenditureLine(in: grant)
                    let entry = LedgerEntry(sequence: sequence, projectCode: grant.project.code,
                                            body: .expenditure(line, batch: batch, sourceLine: record.sourceLine), author: "folder",
                                            recordedAt: recordedAt, previousHash: LedgerEntry.genesisHash)
                    lines.append(LedgerLine(entry: entry, line: line, reversedBy: nil))
                }
                if let digest { input.record(path, digest: digest) }
            } catch let error as InputError {
                throw .input(error)
            } catch let error as MoneyError {
                throw .money(error, context: path)
            } catch let error as CLIError {
                throw error
            } catch {
                throw .unreadable(path: path, reason: "\(error)")
            }
            // An import refuses a file without lines, so it takes no batch and no entry here either.
            guard count > 0 else {
                batch -= 1
                continue
            }
            sequence += 1  // The batch's own entry.
            batches[batch] = ImportBatch(number: batch, fileName: path, contentHash: "", lineCount: count, totalEuros: total, submittedOn: submitted)
            // Then, as an import records them, the rates its foreign lines used that no earlier batch recorded.
            if let rates {
                let new = rates.ratesToRecord(foreign, recorded: recordedRates).new
                for (key, rate) in new { recordedRates[key] = rate }
                sequence += Int64(new.count)
            }
        }
        if let controls {
            if digesting { input.record(controls.path, digest: SHA256.hash(controls.bytes)) }
            if keepLines {
                declaredOfControlled = Dictionary(lines.map { ($0.entry.sequence, $0.line.declaredEuros) }, uniquingKeysWith: { $1 })
            }
            let verdicts = try CLIError.withInput { () throws(InputError) in
                try controls.verdicts(declared: declaredOfControlled, typology: grant.programme.rulePack.control)
            }
            if keepLines { lines = apply(verdicts, to: lines, firstSequence: sequence + 1) }
        }
        let payments = try names.contains("payments.csv") ? readPayments(FileSystem.join(folder, "payments.csv"), grant: grant, input: input) : []
        return Ledger(lines: lines, batches: batches, rates: rates, unknownReferences: unknown, payments: payments,
                      inputDigests: input.digests, audit: pass, entries: expenditureEntries)
    }

    /// The expenditure files of `submitted`, read on a thread beside the caller's as they are taken.
    private static func readAhead(_ submitted: [(String, CalendarDate)], in folder: String, grant: Grant, rates: RateTable?,
                                  hashing: Bool, located: @escaping (String) -> String) -> ReadAhead {
        let files = submitted.map { file, submitted in
            let path = FileSystem.join(folder, file)
            let reader = ExpenditureReader(grant: grant, closedPeriods: [:], rates: rates, submissionDate: submitted, decimalMark: nil)
            return ReadAhead.File(path: path, reader: reader) { () throws(CLIError) in
                let descriptor = try FileSystem.openInput(located(path))
                return (FileSystem.pieces(of: descriptor, path: path), { close(descriptor) })
            }
        }
        return ReadAhead(files, hashing: hashing, skippingUnknown: true)
    }

    private static func finding(_ reference: UnknownReference, grant: Grant) -> AuditFinding {
        let (rule, known): (AuditRule, [String]) = switch reference.kind {
        case .partner: (.unknownPartner, grant.partners.map(\.id))
        case .category: (.unknownCategory, grant.costCategories.map(\.id))
        case .period: (.unknownPeriod, grant.reportingPeriods.map { String($0.number) })
        }
        return UnknownReferenceRule.finding(rule, value: reference.value, known: known, file: reference.file, line: reference.line)
    }

    private static func submissions(_ path: String, input: InputReader) throws(CLIError) -> [(String, CalendarDate)] {
        let bytes = try input.bytes(path)
        do throws(InputError) {
            let document = try CSVDocument(bytes: bytes, file: path)
            guard document.records[0].fields.map(\.text) == ["file", "submitted"] else {
                throw InputError(file: path, location: .line(document.records[0].line), problem: "expected the header file,submitted")
            }
            var result: [(String, CalendarDate)] = []
            for record in document.records.dropFirst() {
                guard record.fields.count == 2 else {
                    throw InputError(file: path, location: .line(record.line), problem: "expected 2 fields: file, submitted")
                }
                guard let date = CalendarDate(text: record.fields[1].text) else {
                    throw InputError(file: path, location: .cell(line: record.line, column: record.fields[1].column),
                                     problem: "\"\(record.fields[1].text)\" is not a date; expected YYYY-MM-DD")
                }
                result.append((record.fields[0].text, date))
            }
            return result
        } catch {
            throw .input(error)
        }
    }

    /// A controller's verdicts from `controls.csv` (`entry,certified,reason,note`), numbered as
    /// `certify` would number them after the imports; a later line for an entry supersedes an earlier one.
    private static func apply(_ verdicts: [Control], to lines: [LedgerLine], firstSequence: Int64) -> [LedgerLine] {
        var byEntry = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1.entry.sequence, $0) })
        var result = lines
        for (offset, control) in verdicts.enumerated() {
            guard let index = byEntry[control.entry] else { continue }
            let line = result[index]
            result[index] = LedgerLine(entry: line.entry, line: line.line, reversedBy: line.reversedBy,
                                       control: (firstSequence + Int64(offset), control))
            byEntry[control.entry] = index
        }
        return result
    }

    /// `controls.csv`, read before the expenditure files so the audit sees each line's verdict as
    /// the line comes, and judged after them (`verdicts`), so its problems are reported where an
    /// import followed by `certify` would report them.
    private struct ControlsFile {
        let path: String
        let bytes: [UInt8]
        private let document: Result<CSVDocument, InputError>
        /// The entries it names, and the certified amount of each as its last line writes it.
        let entries: Set<Int64>
        let certified: [Int64: Money]

        init(path: String, bytes: [UInt8]) {
            self.path = path
            self.bytes = bytes
            document = Result { () throws(InputError) in try CSVDocument(bytes: bytes, file: path) }
            var certified: [Int64: Money] = [:]
            for record in (try? document.get().records.dropFirst()) ?? [] where record.fields.count == 4 {
                guard let entry = Int64(record.fields[0].text),
                      let amount = try? AmountParser(decimalMark: .point, currency: .euro).parse(record.fields[1].text) else { continue }
                certified[entry] = amount
            }
            self.certified = certified
            entries = Set(certified.keys)
        }

        /// The verdicts, in the file's order, each checked against the amount its entry declares.
        func verdicts(declared: [Int64: Money], typology: ControlRules) throws(InputError) -> [Control] {
            let document = try document.get()
            guard document.records[0].fields.map(\.text) == ["entry", "certified", "reason", "note"] else {
                throw InputError(file: path, location: .line(document.records[0].line), problem: "expected the header entry,certified,reason,note")
            }
            return try document.records.dropFirst().map { (record) throws(InputError) in
                try verdict(record, declared: declared, typology: typology)
            }
        }

        private func verdict(_ record: CSVRecord, declared: [Int64: Money], typology: ControlRules) throws(InputError) -> Control {
            guard record.fields.count == 4 else {
                throw InputError(file: path, location: .line(record.line), problem: "expected 4 fields: entry, certified, reason, note")
            }
            let (entryField, amountField, reasonField) = (record.fields[0], record.fields[1], record.fields[2])
            func problem(_ field: CSVField, _ text: String) -> InputError {
                InputError(file: path, location: .cell(line: record.line, column: field.column), problem: text)
            }
            guard let sequence = Int64(entryField.text), let declared = declared[sequence] else {
                throw problem(entryField, "\"\(entryField.text)\" is not an expenditure entry of the folder")
            }
            let certified: Money
            do throws(AmountSyntaxError) {
                certified = try AmountParser(decimalMark: .point, currency: .euro).parse(amountField.text)
            } catch {
                throw problem(amountField, "\"\(amountField.text)\" is not an amount: \(error.problem)")
            }
            guard certified.minorUnits.magnitude <= declared.minorUnits.magnitude else {
                throw problem(amountField, "more than the \(AmountFormat.en.format(declared)) declared")
            }
            var reason: DeductionReason?
            if !reasonField.text.isEmpty {
                guard let known = DeductionReason(rawValue: reasonField.text), typology.errorType(known) != nil else {
                    throw problem(reasonField, "expected one of \(typology.typology.map(\.reason.rawValue).joined(separator: ", "))")
                }
                reason = known
            }
            guard certified == declared || reason != nil else { throw problem(reasonField, "a deduction needs a reason") }
            return Control(entry: sequence, certified: certified, reason: certified == declared ? nil : reason, note: record.fields[3].text)
        }
    }

    private static func readPayments(_ path: String, grant: Grant, input: InputReader) throws(CLIError) -> [PaymentReceived] {
        let bytes = try input.bytes(path)
        do throws(InputError) {
            let document = try CSVDocument(bytes: bytes, file: path)
            guard document.records[0].fields.map(\.text) == ["partner", "date", "amount", "note"] else {
                throw InputError(file: path, location: .line(document.records[0].line), problem: "expected the header partner,date,amount,note")
            }
            let parser = AmountParser(decimalMark: .point, currency: .euro)
            return try document.records.dropFirst().map { (record) throws(InputError) in
                guard record.fields.count == 4 else { throw InputError(file: path, location: .line(record.line), problem: "expected 4 fields: partner, date, amount, note") }
                let (partner, date, amount) = (record.fields[0], record.fields[1], record.fields[2])
                guard grant.partner(partner.text) != nil else {
                    throw InputError(file: path, location: .cell(line: record.line, column: partner.column), problem: "no partner \"\(partner.text)\" in the project")
                }
                guard let day = CalendarDate(text: date.text) else {
                    throw InputError(file: path, location: .cell(line: record.line, column: date.column), problem: "\"\(date.text)\" is not a date; expected YYYY-MM-DD")
                }
                let money: Money
                do throws(AmountSyntaxError) {
                    money = try parser.parse(amount.text)
                } catch {
                    throw InputError(file: path, location: .cell(line: record.line, column: amount.column + (error.offset ?? 0)),
                                     problem: "\"\(amount.text)\" is not an amount: \(error.problem)")
                }
                guard money.minorUnits > 0 else { throw InputError(file: path, location: .cell(line: record.line, column: amount.column), problem: "a payment received is above zero") }
                return PaymentReceived(partnerID: partner.text, amount: money, date: day, note: record.fields[3].text)
            }
        } catch {
            throw .input(error)
        }
    }

    private static func rateTable(_ path: String, input: InputReader) throws(CLIError) -> RateTable {
        let bytes = try input.bytes(path)
        do {
            return try RateTableReader().read(bytes, file: path)
        } catch {
            throw .input(error)
        }
    }
}
