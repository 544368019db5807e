/// A partner budget table as a programme publishes it: a row per partner with programme funds,
/// national co-financing and total, and optionally a row of stated project totals.
///
/// A published table is input, not truth: nothing here assumes its figures agree.
public struct BudgetTable: Hashable, Sendable {
    /// The currency of every amount in the table.
    public let currency: Currency
    /// The partner rows, in the order the table lists them.
    public let rows: [BudgetTableRow]
    /// The stated project totals, when the table has a totals row.
    public let totals: BudgetTableTotals?

    public init(currency: Currency, rows: [BudgetTableRow], totals: BudgetTableTotals?) {
        precondition(rows.allSatisfy { row in BudgetColumn.allCases.allSatisfy { row[$0].currency == currency } },
                     "Every amount of a budget table is in the table's currency")
        self.currency = currency
        self.rows = rows
        self.totals = totals
    }

    /// The amount in `cell`, or nil for a totals cell the table leaves empty.
    public subscript(cell: BudgetTableCell) -> Money? {
        switch cell.row {
        case .partner(let index): rows[index][cell.column]
        case .totals: totals?[cell.column]
        }
    }

    /// This table with `cell` holding `amount` instead: how a diagnosis tries a correction.
    public func replacing(_ cell: BudgetTableCell, with amount: Money) -> BudgetTable {
        var rows = rows
        var totals = totals
        switch cell.row {
        case .partner(let index): rows[index][cell.column] = amount
        case .totals: totals?[cell.column] = amount
        }
        return BudgetTable(currency: currency, rows: rows, totals: totals)
    }
}

/// One partner's row of a budget table.
public struct BudgetTableRow: Hashable, Sendable {
    /// The line of the source file the row came from, for messages.
    public let sourceLine: Int
    public let role: PartnerRole
    public let partner: String
    public let country: String
    public let region: String?
    /// The row's three amounts.
    public var amounts: BudgetAmounts<Money>

    public init(sourceLine: Int, role: PartnerRole, partner: String, country: String, region: String?,
                programmeFunds: Money, nationalCofinancing: Money, total: Money) {
        self.sourceLine = sourceLine
        self.role = role
        self.partner = partner
        self.country = country
        self.region = region
        self.amounts = BudgetAmounts(programmeFunds: programmeFunds, nationalCofinancing: nationalCofinancing, total: total)
    }

    public var programmeFunds: Money { amounts.programmeFunds }
    public var nationalCofinancing: Money { amounts.nationalCofinancing }
    public var total: Money { amounts.total }

    /// The amount in `column`.
    public subscript(column: BudgetColumn) -> Money {
        get { amounts[column] }
        set { amounts[column] = newValue }
    }
}

/// The stated project totals; a cell the table leaves empty is not stated, and not checked.
public struct BudgetTableTotals: Hashable, Sendable {
    /// The line of the source file the totals came from.
    public let sourceLine: Int
    /// The stated amounts, nil where the cell is empty.
    public var amounts: BudgetAmounts<Money?>

    public init(sourceLine: Int, programmeFunds: Money?, nationalCofinancing: Money?, total: Money?) {
        self.sourceLine = sourceLine
        self.amounts = BudgetAmounts(programmeFunds: programmeFunds, nationalCofinancing: nationalCofinancing, total: total)
    }

    public var programmeFunds: Money? { amounts.programmeFunds }
    public var nationalCofinancing: Money? { amounts.nationalCofinancing }
    public var total: Money? { amounts.total }

    /// The stated amount in `column`, or nil when that cell is empty.
    public subscript(column: BudgetColumn) -> Money? {
        get { amounts[column] }
        set { amounts[column] = newValue }
    }
}

/// One value per amount column of a budget table: a partner row's amounts, or the stated totals.
public struct BudgetAmounts<Value: Hashable & Sendable>: Hashable, Sendable {
    public var programmeFunds: Value
    public var nationalCofinancing: Value
    public var total: Value

    public init(programmeFunds: Value, nationalCofinancing: Value, total: Value) {
        self.programmeFunds = programmeFunds
        self.nationalCofinancing = nationalCofinancing
        self.total = total
    }

    /// The value in `column`.
    public subscript(column: BudgetColumn) -> Value {
        get {
            switch column {
            case .programmeFunds: programmeFunds
            case .nationalCofinancing: nationalCofinancing
            case .total: total
            }
        }
        set {
            switch column {
            case .programmeFunds: programmeFunds = newValue
            case .nationalCofinancing: nationalCofinancing = newValue
            case .total: total = newValue
            }
        }
    }
}

/// The amount columns of a budget table.
public enum BudgetColumn: String, Hashable, Sendable, CaseIterable {
    case programmeFunds = "programme_funds"
    case nationalCofinancing = "national_cofinancing"
    case total

    /// The column's name in reports.
    public var label: String {
        switch self {
        case .programmeFunds: "programme funds"
        case .nationalCofinancing: "national co-financing"
        case .total: "total"
        }
    }
}

/// A row of a budget table: a partner's (by index) or the totals row.
public enum BudgetTableRowReference: Hashable, Sendable, Comparable {
    case partner(Int)
    case totals
}

/// One amount cell of a budget table.
public struct BudgetTableCell: Hashable, Sendable, Comparable {
    public let row: BudgetTableRowReference
    public let column: BudgetColumn

    public init(row: BudgetTableRowReference, column: BudgetColumn) {
        self.row = row
        self.column = column
    }

    public static func < (lhs: BudgetTableCell, rhs: BudgetTableCell) -> Bool {
        if lhs.row != rhs.row { return lhs.row < rhs.row }
        return BudgetColumn.allCases.firstIndex(of: lhs.column)! < BudgetColumn.allCases.firstIndex(of: rhs.column)!
    }
}
