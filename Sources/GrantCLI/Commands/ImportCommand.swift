import GrantKeys
import Glibc
import GrantCore
import GrantFormats
import GrantReports
import GrantStore

/// `grantledger import FILE`: records an expenditure file as one batch.
struct ImportCommand {
    static let name = "import"

    static let help = """
    Usage: grantledger import FILE [--project CODE] [--rates FILE] [--submitted DATE]
                                   [--decimal-mark point|comma] [--db PATH] [--author NAME]

    Imports an expenditure file (see README, "Expenditure files") into the ledger as one batch,
    in one transaction: every line or none. A bad line stops the import with its file, line and
    column, and the ledger stays as it was. A file imported before (same bytes) is refused.
    The same invoice (partner, supplier, invoice number) declared twice is reported.

    Non-euro lines are converted at the line's own exchange rate, or else at the rate table's
    rate for the month the rule pack names (Interreg: the month of submission), rounded as the
    rule pack says (half-up to the cent).

    Options:
      --project CODE     the project (default: the ledger's only project)
      --rates FILE       monthly rates: currency,month,units_per_euro (e.g. NOK,2017-10,9.6873)
      --submitted DATE   the date the expenditure is submitted for control (default: today)
      --decimal-mark point|comma
                         the file's decimal mark, when its amounts alone cannot settle it
    \(LedgerAccess.optionsHelp)
      --help             show this help

    Exit status: 0 imported; 2 a bad line, a refused file or bad usage (nothing imported);
    4 database failure (nothing imported).

    Example:
      grantledger import Fixtures/lli-59-open-leadership/expenditure-p1.csv --rates Fixtures/lli-59-open-leadership/rates.csv
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: LedgerAccess.options.union(["project", "rates", "submitted", "decimal-mark"]), flagNames: [])
        guard parsed.positionals.count == 1, let file = parsed.positionals.first else { throw .usage("import takes one expenditure file", command: name) }
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let grant = try LedgerAccess.run { () throws(StoreError) in try store.grant(code) }
        let closed = try LedgerAccess.run { () throws(StoreError) in try store.closedPeriods(code) }
        let now = session.now()
        let submitted = try submissionDate(parsed, today: now.date)
        let rates = try rateTable(parsed)
        let reader = ExpenditureReader(grant: grant, closedPeriods: closed.mapValues { "closed on \($0.recordedAt) by \($0.author)" },
                                       rates: rates, submissionDate: submitted,
                                       decimalMark: try parsed.choice("decimal-mark", allowed: ["point", "comma"], command: name).flatMap(DecimalMark.init(rawValue:)))
        let authorship = try LedgerAccess.authorship(parsed, session, store, projectCode: code, command: name)
        let before = FileSystem.version(file)
        let outcome: LedgerStore.ImportOutcome
        do {
            outcome = try importFile(file, into: store, code: code, reader: reader, submitted: submitted, by: authorship,
                                     unchangedSince: before)
        } catch let error as InputError {
            throw .input(error)
        } catch let error as StoreError {
            throw .store(error)
        } catch let error as CLIError {
            throw error
        } catch {
            throw .store(.database(context: "import \(file)", message: "\(error)"))
        }
        report(outcome, code: code, session: session)
        return .success
    }

    /// The import, read with `ExpenditureReader` straight into the ledger, the file hashed as it is read.
    static func importFile(_ file: String, into store: LedgerStore, code: String, reader: ExpenditureReader, submitted: CalendarDate,
                           by authorship: Authorship,
                           unchangedSince before: FileSystem.Version?) throws -> LedgerStore.ImportOutcome {
        let descriptor = try FileSystem.openInput(file)
        defer { close(descriptor) }
        return try store.importExpenditure(projectCode: code, fileName: file, submittedOn: submitted, by: authorship,
                                           rates: reader.rates) { recorder in
            var lines = 0
            let hash = try reader.read(file: file, hashing: true, from: FileSystem.pieces(of: descriptor, path: file)) { record in
                lines += 1
                try recorder.record(record)
            }
            guard lines > 0, let hash else {
                throw InputError(file: file, location: .line(1), problem: "the file has a header but no expenditure lines; nothing was imported")
            }
            try FileSystem.refuseChanged(file, since: before)
            return hash
        }
    }

    private static func report(_ outcome: LedgerStore.ImportOutcome, code: String, session: Session) {
        let batch = outcome.batch
        session.console.write("Imported \(batch.lineCount) line\(batch.lineCount == 1 ? "" : "s") from \(batch.fileName) into \(code) as batch \(batch.number): entries \(outcome.firstSequence)–\(outcome.lastSequence), \(AmountFormat.en.format(batch.totalEuros)) EUR declared.\n")
        if let first = outcome.rates.first, let last = outcome.rates.last {
            let rates = outcome.rates.map { "\($0.rate.rate.currency.code) \($0.rate.rate) for \($0.rate.month.description.prefix(7))" }
            let entries = first.sequence == last.sequence ? "entry \(first.sequence)" : "entries \(first.sequence)–\(last.sequence)"
            session.console.write("Recorded the rate\(rates.count == 1 ? "" : "s") its foreign lines use, per euro: "
                + "\(rates.joined(separator: ", ")) (\(entries)); 'check' checks against them.\n")
        }
        guard !outcome.duplicates.isEmpty else { return }
        let count = outcome.duplicates.count
        session.console.write("Warning: \(count) invoice\(count == 1 ? " is" : "s are") now declared beyond "
            + "\(count == 1 ? "its" : "their") gross (reverse the extra entries; 'grantledger check' shows each):\n")
        for duplicate in outcome.duplicates {
            let entries = duplicate.entries.map { "\($0.sequence) (\($0.partnerID))" }.joined(separator: ", ")
            session.console.write("  supplier \(duplicate.supplier), invoice \(duplicate.invoiceNumber): entries "
                + "\(entries); \(AmountFormat.en.format(duplicate.excess)) EUR declared twice\n")
        }
    }

    static func rateTable(_ parsed: Arguments) throws(CLIError) -> RateTable? {
        guard let path = parsed.value("rates") else { return nil }
        let bytes = try FileSystem.readBytes(path)
        do {
            return try RateTableReader().read(bytes, file: path)
        } catch {
            throw .input(error)
        }
    }

    private static func submissionDate(_ parsed: Arguments, today: CalendarDate) throws(CLIError) -> CalendarDate {
        guard let text = parsed.value("submitted") else { return today }
        guard let date = CalendarDate(text: text) else { throw .usage("--submitted \(text) is not a date; expected YYYY-MM-DD", command: name) }
        return date
    }
}
