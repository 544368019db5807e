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
        let lines: [LedgerLine]
        let batches: [Int64: ImportBatch]
        let rates: RateTable?
        /// Lines naming a partner, category or period the project does not define.
        let unknownReferences: [AuditFinding]
        /// Programme funds received, from `payments.csv` (`partner,date,amount,note`).
        let payments: [PaymentReceived]
        /// Each input file read, in reading order, with its SHA-256 (when asked for).
        let inputDigests: [(file: String, sha256: [UInt8])]
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
    static func read(_ folder: String, grant: Grant, digesting: Bool, located: @escaping (String) -> String) throws(CLIError) -> Ledger? {
        let input = InputReader(located: located, digesting: digesting)
        let names = try FileSystem.contents(located(folder))
        let submissionsPath = FileSystem.join(folder, submissionsFile)
        guard names.contains(submissionsFile) else {
            if let stray = names.first(where: { $0.hasPrefix("expenditure") && $0.hasSuffix(".csv") }) {
                throw .input(InputError(file: submissionsPath, location: .wholeFile,
                                        problem: "is missing: \(stray) cannot be checked without the day it is submitted; list each expenditure file as file,submitted (e.g. expenditure-p1.csv,2017-11-15)"))
            }
            return nil
        }
        let rates = try names.contains("rates.csv") ? rateTable(FileSystem.join(folder, "rates.csv"), input: input) : nil
        var lines: [LedgerLine] = []
        var batches: [Int64: ImportBatch] = [:]
        var unknown: [AuditFinding] = []
        var sequence: Int64 = 1  // Entry 1 is the project, as `load` records it.
        var batch: Int64 = 0
        var recordedRates: [CurrencyMonth: ExchangeRate] = [:]
        let conversionMonth = grant.programme.rulePack.conversionMonth
        for (file, submitted) in try submissions(submissionsPath, input: input) {
            batch += 1
            let path = FileSystem.join(folder, file)
            let reader = ExpenditureReader(grant: grant, closedPeriods: [:], rates: rates, submissionDate: submitted, decimalMark: nil)
            var remaining = try input.bytes(path)[...]
            var total = Money.zero(.euro)
            var count: Int64 = 0
            var foreign: Set<CurrencyMonth> = []
            let recordedAt = "\(submitted)T00:00:00Z"  // once per file, not once per line
            do {
                _ = try reader.read(file: path, hashing: false, from: { (count) throws(InputError) in
                    let chunk = Array(remaining.prefix(count))
                    remaining = remaining.dropFirst(count)
                    return chunk
                }, skipUnknown: { reference in unknown.append(finding(reference, grant: grant)) }) { record in
                    let line = record.expenditureLine(in: grant)
                    sequence += 1
                    count += 1
                    total = try total.adding(line.declaredEuros)
                    if line.currency != .euro { foreign.insert(conversionMonth.rateKey(of: line, submittedOn: submitted)) }
                    let entry = LedgerEntry(sequence: sequence, projectCode: grant.project.code,
                                            body: .expenditure(line, batch: batch, sourceLine: record.sourceLine), author: "folder",
                                            recordedAt: recordedAt, previousHash: LedgerEntry.genesisHash)
                    lines.append(LedgerLine(entry: entry, line: line, reversedBy: nil))
                }
            } catch let error as InputError {
                throw .input(error)
            } catch let error as MoneyError {
                throw .money(error, context: path)
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
        if names.contains("controls.csv") {
            lines = try applyControls(FileSystem.join(folder, "controls.csv"), to: lines, firstSequence: sequence + 1, input: input)
        }
        let payments = try names.contains("payments.csv") ? readPayments(FileSystem.join(folder, "payments.csv"), grant: grant, input: input) : []
        return Ledger(lines: lines, batches: batches, rates: rates, unknownReferences: unknown, payments: payments, inputDigests: input.digests)
    }

    private static func finding(_ reference: UnknownReference, grant: Grant) -> AuditFinding {
        let (rule, known): (AuditRule, [String]) = switch reference.kind {
        case .partner: (.unknownPartner, grant.partners.map(\.id))
        case .category: (.unknownCategory, grant.costCategories.map(\.id))
        case .period: (.unknownPeriod, grant.reportingPeriods.map { String($0.number) })
        }
        return .unknownReference(rule, value: reference.value, known: known, file: reference.file, line: reference.line)
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
    private static func applyControls(_ path: String, to lines: [LedgerLine], firstSequence: Int64, input: InputReader) throws(CLIError) -> [LedgerLine] {
        let bytes = try input.bytes(path)
        var byEntry = Dictionary(uniqueKeysWithValues: lines.enumerated().map { ($1.entry.sequence, $0) })
        var result = lines
        do throws(InputError) {
            let document = try CSVDocument(bytes: bytes, file: path)
            guard document.records[0].fields.map(\.text) == ["entry", "certified", "reason", "note"] else {
                throw InputError(file: path, location: .line(document.records[0].line), problem: "expected the header entry,certified,reason,note")
            }
            for (offset, record) in document.records.dropFirst().enumerated() {
                guard record.fields.count == 4 else { throw InputError(file: path, location: .line(record.line), problem: "expected 4 fields: entry, certified, reason, note") }
                let (entryField, amountField, reasonField) = (record.fields[0], record.fields[1], record.fields[2])
                guard let sequence = Int64(entryField.text), let index = byEntry[sequence] else {
                    throw InputError(file: path, location: .cell(line: record.line, column: entryField.column), problem: "\"\(entryField.text)\" is not an expenditure entry of the folder")
                }
                let certified: Money
                do throws(AmountSyntaxError) {
                    certified = try AmountParser(decimalMark: .point, currency: .euro).parse(amountField.text)
                } catch {
                    throw InputError(file: path, location: .cell(line: record.line, column: amountField.column), problem: "\"\(amountField.text)\" is not an amount: \(error.problem)")
                }
                let declared = result[index].line.declaredEuros
                guard certified.minorUnits.magnitude <= declared.minorUnits.magnitude else {
                    throw InputError(file: path, location: .cell(line: record.line, column: amountField.column), problem: "more than the \(AmountFormat.en.format(declared)) declared")
                }
                var reason: DeductionReason?
                if !reasonField.text.isEmpty {
                    guard let known = DeductionReason(rawValue: reasonField.text) else {
                        throw InputError(file: path, location: .cell(line: record.line, column: reasonField.column),
                                         problem: "expected one of \(DeductionReason.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    reason = known
                }
                guard certified == declared || reason != nil else {
                    throw InputError(file: path, location: .cell(line: record.line, column: reasonField.column), problem: "a deduction needs a reason")
                }
                let control = Control(entry: sequence, certified: certified, reason: certified == declared ? nil : reason, note: record.fields[3].text)
                let line = result[index]
                result[index] = LedgerLine(entry: line.entry, line: line.line, reversedBy: line.reversedBy,
                                           control: (firstSequence + Int64(offset), control))
                byEntry[sequence] = index
            }
        } catch {
            throw .input(error)
        }
        return result
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
