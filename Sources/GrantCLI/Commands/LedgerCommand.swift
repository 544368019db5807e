import GrantCore
import GrantReports
import GrantStore

/// `grantledger ledger`: lists expenditure and reversal entries.
struct LedgerCommand {
    static let name = "ledger"

    static let help = """
    Usage: grantledger ledger [--project CODE] [--partner ID] [--category ID] [--period N]
                              [--format text|csv] [--db PATH]

    Lists the project's expenditure entries and reversals in ledger order, with totals: lines
    declared, reversed, and the net. A reversal is listed under its original's partner and
    category and in the period it was posted in.

    Options:
      --project CODE     the project (default: the ledger's only project)
      --partner ID       only this partner's entries
      --category ID      only this cost category
      --period N         only entries posted in reporting period N
      --format text|csv  output format (default: text, 132 columns)
      --db PATH          the ledger database (default: $GRANTLEDGER_DB, else ./grantledger.db)
      --help             show this help

    Exit status: 0 listed; 2 bad usage or unknown project; 4 database failure.

    Example:
      grantledger ledger --partner PP2 --period 3
    """

    static func run(_ arguments: [String], session: Session) throws(CLIError) -> ExitStatus {
        let parsed = try Arguments(arguments, command: name,
                                   options: ["db", "project", "partner", "category", "period", "format"], flagNames: [])
        guard parsed.positionals.isEmpty else { throw .usage("ledger takes no file names", command: name) }
        let format = try parsed.choice("format", allowed: ["text", "csv"], command: name) ?? "text"
        let filter = LedgerStore.LedgerFilter(partnerID: parsed.value("partner"), categoryID: parsed.value("category"),
                                              periodNumber: try LedgerAccess.number(parsed, "period", command: name))
        let store = try LedgerAccess.open(parsed, session)
        let code = try LedgerAccess.projectCode(parsed, store, command: name)
        let grant = try LedgerAccess.run { () throws(StoreError) in try store.grant(code) }
        if let partner = filter.partnerID, grant.partner(partner) == nil {
            throw .usage("\(code) has no partner \(partner); its partners are \(grant.partners.map(\.id).joined(separator: ", "))", command: name)
        }
        if let category = filter.categoryID, !grant.costCategories.contains(where: { $0.id == category }) {
            throw .usage("\(code) has no cost category \(category); its categories are \(grant.costCategories.map(\.id).joined(separator: ", "))", command: name)
        }
        let lines = try LedgerAccess.run { () throws(StoreError) in try store.ledgerLines(projectCode: code, filter: filter) }
        let words = [filter.partnerID.map { "partner \($0)" }, filter.categoryID.map { "category \($0)" },
                     filter.periodNumber.map { "period \($0)" }].compactMap { $0 }
        let listing = LedgerListing(projectCode: code, filterDescription: words.joined(separator: ", "), lines: lines,
                                    chainHead: try LedgerAccess.ledgerState(store, signed: false))
        if format == "csv" {
            session.console.write(listing.csv())
            return .success
        }
        do {
            session.console.write(try listing.text())
        } catch {
            throw .money(error, context: "the ledger of \(code)")
        }
        return .success
    }
}
