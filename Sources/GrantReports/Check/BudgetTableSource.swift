import GrantCore

/// Where a budget table came from and how it was read, for the report's header and for naming
/// cells by line and column.
public struct BudgetTableSource: Sendable {
    /// The file as the user named it.
    public let file: String
    /// The field separator the file uses.
    public let delimiter: Character
    /// The decimal mark decided for the file.
    public let decimalMark: DecimalMark
    /// The 1-based position of each amount column in the file.
    public let columnNumbers: [BudgetColumn: Int]

    public init(file: String, delimiter: Character, decimalMark: DecimalMark, columnNumbers: [BudgetColumn: Int]) {
        self.file = file
        self.delimiter = delimiter
        self.decimalMark = decimalMark
        self.columnNumbers = columnNumbers
    }
}
