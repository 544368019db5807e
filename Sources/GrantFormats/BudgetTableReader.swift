import GrantCore

/// Reads a partner budget table as programmes publish it (see README, "Budget tables").
public struct BudgetTableReader: Sendable {
    /// The currency of the table's amounts.
    public let currency: Currency
    /// The decimal mark, when the user gives it; otherwise it is decided from the file.
    public let decimalMark: DecimalMark?

    public init(currency: Currency = .euro, decimalMark: DecimalMark? = nil) {
        self.currency = currency
        self.decimalMark = decimalMark
    }

    /// The table in `bytes`, with how it was read; every problem is an `InputError` naming line
    /// and column.
    public func read(_ bytes: [UInt8], file: String) throws(InputError) -> BudgetTableFile {
        let document = try CSVDocument(bytes: bytes, file: file)
        let header = document.records[0]
        let columns = try BudgetTableColumns(header: header, file: file)
        let records = Array(document.records.dropFirst())
        guard !records.isEmpty else {
            throw InputError(file: file, location: .line(header.line), problem: "the table has a header but no partner rows")
        }
        for record in records { try checkFieldCount(record, columns: columns, file: file) }
        let amountFields = records.flatMap { record in
            BudgetTableField.allCases.filter { $0.amountColumn != nil }.compactMap { columns.field($0, of: record) }
        }
        let amounts = try AmountCells(amountFields, currency: currency, forced: decimalMark, file: file)

        var rows: [BudgetTableRow] = []
        var totals: BudgetTableTotals?
        for record in records {
            if let earlier = totals {
                throw InputError(file: file, location: .line(record.line),
                                 problem: "a row follows the totals row of line \(earlier.sourceLine); the totals row must be the last")
            }
            if try isTotalsRow(record, columns: columns) {
                totals = try readTotals(record, columns: columns, amounts: amounts, file: file)
            } else {
                rows.append(try readPartner(record, columns: columns, amounts: amounts, file: file))
            }
        }
        guard !rows.isEmpty else {
            throw InputError(file: file, location: .line(records[0].line), problem: "the table has a totals row but no partner rows")
        }
        guard rows.count <= Limits.budgetTablePartnersMax else {
            throw InputError(file: file, location: .wholeFile,
                             problem: "the table has \(rows.count) partner rows, more than the \(Limits.budgetTablePartnersMax) a budget table may have")
        }
        var columnNumbers: [BudgetColumn: Int] = [:]
        for field in BudgetTableField.allCases {
            if let column = field.amountColumn, let position = columns.position(of: field) { columnNumbers[column] = position + 1 }
        }
        return BudgetTableFile(table: BudgetTable(currency: currency, rows: rows, totals: totals),
                               delimiter: document.delimiter, decimalMark: amounts.decimalMark, columnNumbers: columnNumbers)
    }

    private func checkFieldCount(_ record: CSVRecord, columns: BudgetTableColumns, file: String) throws(InputError) {
        let extra = record.fields.dropFirst(columns.headerCount)
        guard record.fields.count >= columns.headerCount, extra.allSatisfy({ $0.text.isEmpty }) else {
            throw InputError(file: file, location: .line(record.line),
                             problem: "the row has \(record.fields.count) fields but the header has \(columns.headerCount); check the delimiters and quotes on this line")
        }
    }

    private func isTotalsRow(_ record: CSVRecord, columns: BudgetTableColumns) throws(InputError) -> Bool {
        let status = HeaderText.normalized(columns.field(.status, of: record)!.text)
        let partner = HeaderText.normalized(columns.field(.partner, of: record)!.text)
        if status.isEmpty && partner.isEmpty { return true }
        return Self.totalWords.contains(status) || Self.totalWords.contains(partner)
    }

    private static let totalWords: Set<String> = [
        "total", "totals", "project", "project total", "total project", "kopa", "projekts", "projekta kopa",
        "projekts kopa", "kopa projekta", "kopa projektam",
    ]

    private func readPartner(_ record: CSVRecord, columns: BudgetTableColumns, amounts: AmountCells, file: String) throws(InputError) -> BudgetTableRow {
        let statusField = columns.field(.status, of: record)!
        guard let role = Self.role(statusField.text) else {
            throw InputError(file: file, location: .cell(line: statusField.line, column: statusField.column),
                             problem: "status \"\(statusField.text)\" is not a partner status; expected lead or partner (Latvian \"Vadošais\" or \"Iesaistītais\"), or Total on the totals row")
        }
        let partnerField = columns.field(.partner, of: record)!
        let name = partnerField.text.trimmingSpaces
        guard !name.isEmpty else {
            throw InputError(file: file, location: .cell(line: partnerField.line, column: partnerField.column),
                             problem: "the partner name is empty; expected the organisation's name")
        }
        func amount(_ field: BudgetTableField) throws(InputError) -> Money {
            try amounts.amount(columns.field(field, of: record)!, column: field.amountColumn!.label, file: file)
        }
        let region = columns.field(.region, of: record)?.text.trimmingSpaces
        return BudgetTableRow(sourceLine: record.line, role: role, partner: name,
                              country: columns.field(.country, of: record)?.text.trimmingSpaces ?? "",
                              region: region?.isEmpty == false ? region : nil,
                              programmeFunds: try amount(.programmeFunds),
                              nationalCofinancing: try amount(.nationalCofinancing),
                              total: try amount(.total))
    }

    private func readTotals(_ record: CSVRecord, columns: BudgetTableColumns, amounts: AmountCells, file: String) throws(InputError) -> BudgetTableTotals {
        func stated(_ field: BudgetTableField) throws(InputError) -> Money? {
            let cell = columns.field(field, of: record)!
            return cell.text.trimmingSpaces.isEmpty ? nil : try amounts.amount(cell, column: "stated \(field.amountColumn!.label)", file: file)
        }
        return BudgetTableTotals(sourceLine: record.line, programmeFunds: try stated(.programmeFunds),
                                 nationalCofinancing: try stated(.nationalCofinancing), total: try stated(.total))
    }

    static func role(_ status: String) -> PartnerRole? {
        let normalized = HeaderText.normalized(status)
        if leadWords.contains(normalized) { return .lead }
        if partnerWords.contains(normalized) { return .partner }
        return nil
    }

    private static let leadWords: Set<String> = [
        "lead", "lead partner", "lp", "vadosais", "vadosais partneris", "vadosais partners", "pagrindinis partneris",
    ]
    private static let partnerWords: Set<String> = [
        "partner", "project partner", "pp", "iesaistitais", "iesaistitais partneris", "partneris", "projekta partneris",
    ]
}

/// A budget table and how its file was read.
public struct BudgetTableFile: Sendable {
    public let table: BudgetTable
    /// The field separator found in the file.
    public let delimiter: Character
    /// The decimal mark decided for the file.
    public let decimalMark: DecimalMark
    /// The 1-based position of each amount column in the file.
    public let columnNumbers: [BudgetColumn: Int]
}

extension String {
    /// The text without leading and trailing spaces, tabs and no-break spaces.
    var trimmingSpaces: String {
        // Most fields are empty or have no surrounding space: a look at the first and last byte says so.
        if isEmpty { return self }
        if let first = utf8.first, let last = utf8.last, first != 0x20, first != 0x09, first != 0xC2,
           last != 0x20, last != 0x09, last != 0xA0 { return self }
        let spaces: Set<Character> = [" ", "\t", "\u{00A0}"]
        guard let first = firstIndex(where: { !spaces.contains($0) }),
              let last = lastIndex(where: { !spaces.contains($0) }) else { return "" }
        return String(self[first...last])
    }
}
