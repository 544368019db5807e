import GrantCore

/// A report's content, computed once from the ledger and rendered to every format: what it is
/// about (the heading facts) and its tables. Every total row is computed from the rows above it.
public struct ReportDocument: Sendable {
    /// A stable identifier, e.g. `budget-vs-actual`: file names and JSON use it.
    public let id: String
    /// The title in the report's language.
    public let title: String
    /// The facts every report states: project, periods covered, rule pack, ledger fingerprint.
    public let facts: [(label: String, value: String)]
    public let sections: [ReportSection]
    /// Bar charts for formats that draw (HTML).
    public let charts: [ReportChart]
    /// The locale it was built in (labels and number format).
    public let locale: ReportLocale

    public init(id: String, title: String, facts: [(label: String, value: String)], sections: [ReportSection],
                charts: [ReportChart] = [], locale: ReportLocale) {
        self.id = id
        self.title = title
        self.facts = facts
        self.sections = sections
        self.charts = charts
        self.locale = locale
    }
}

/// A titled table with notes under it.
public struct ReportSection: Sendable {
    public let title: String?
    public let table: ReportTable
    public let notes: [String]

    public init(title: String?, table: ReportTable, notes: [String] = []) {
        self.title = title
        self.table = table
        self.notes = notes
    }
}

/// Columns and rows; a row has one cell per column.
public struct ReportTable: Sendable {
    public let columns: [ReportColumn]
    public let rows: [ReportRow]

    public init(columns: [ReportColumn], rows: [ReportRow]) {
        precondition(rows.allSatisfy { $0.cells.count == columns.count }, "Every row has one cell per column")
        self.columns = columns
        self.rows = rows
    }
}

/// A column: its key for machines, its label for people, and how its cells align.
public struct ReportColumn: Sendable {
    public let key: String
    public let label: String
    /// Amounts and percentages align right; text left.
    public let isNumeric: Bool
    /// The narrowest this column may be in fixed-width text; text wider than it wraps.
    public let minimumWidth: Int

    public init(key: String, label: String, isNumeric: Bool, minimumWidth: Int = 4) {
        self.key = key
        self.label = label
        self.isNumeric = isNumeric
        self.minimumWidth = minimumWidth
    }
}

/// A row of a table, and whether it is a line, a subtotal or the total.
public struct ReportRow: Sendable {
    public enum Kind: String, Sendable { case line, subtotal, total }

    public let cells: [ReportCell]
    public let kind: Kind

    public init(_ cells: [ReportCell], kind: Kind = .line) {
        self.cells = cells
        self.kind = kind
    }
}

/// One cell's value, kept typed so each format writes it its own way: a CSV for a Latvian
/// spreadsheet writes `1234,50`, JSON writes `"1234.50"`, text writes `1,234.50`.
public enum ReportCell: Sendable, Equatable {
    case text(String)
    case amount(Money)
    /// A percentage with two decimals, in hundredths of a percent (85.00% is 8500); nil shows a dash.
    case percent(Int64?)
    case number(Int64)
    /// An exchange rate (units per euro), a number with its own decimals: `4.2244`, `4,2244` in a
    /// Latvian spreadsheet.
    case rate(ExchangeRate)
    case empty
}

/// A bar chart: groups of bars, one bar per series.
public struct ReportChart: Sendable {
    public let title: String
    public let series: [String]
    public let groups: [(label: String, values: [Money])]

    public init(title: String, series: [String], groups: [(label: String, values: [Money])]) {
        precondition(groups.allSatisfy { $0.values.count == series.count }, "One value per series in every group")
        self.title = title
        self.series = series
        self.groups = groups
    }
}
