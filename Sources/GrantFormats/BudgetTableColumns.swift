import GrantCore

/// The columns of a published budget table, recognised by meaning in English or Latvian.
enum BudgetTableField: String, CaseIterable {
    case status, partner, country, region
    case programmeFunds = "programme_funds"
    case nationalCofinancing = "national_cofinancing"
    case total

    /// Whether a table without this column can still be reconciled.
    var isRequired: Bool { self != .country && self != .region }

    /// Phrases that identify the column once normalised. They are tried field by field in
    /// `matchOrder`, since `LV partnerim piešķirtais programmas finansējums` also contains "partner".
    var phrases: [String] {
        switch self {
        case .programmeFunds:
            ["programme funds", "program funds", "programme funding", "programmas finansejums", "erdf", "programme co financing"]
        case .nationalCofinancing:
            ["national cofinancing", "cofinancing", "co financing", "lidzfinansejums", "national contribution", "partner contribution"]
        case .total: ["total", "kopa", "kopsumma"]
        case .status: ["status", "statuss", "role", "loma"]
        case .country: ["country", "valsts"]
        case .region: ["region", "regions"]
        case .partner: ["partner", "nosaukums", "name", "organisation", "organization"]
        }
    }

    static let matchOrder: [BudgetTableField] = [.programmeFunds, .nationalCofinancing, .total, .status, .country, .region, .partner]

    static func recognising(_ header: String) -> BudgetTableField? {
        let normalized = HeaderText.normalized(header)
        guard !normalized.isEmpty else { return nil }
        return matchOrder.first { field in field.phrases.contains { normalized.contains($0) } }
    }

    /// The budget column this field holds, for amount fields.
    var amountColumn: BudgetColumn? {
        switch self {
        case .programmeFunds: .programmeFunds
        case .nationalCofinancing: .nationalCofinancing
        case .total: .total
        case .status, .partner, .country, .region: nil
        }
    }
}

/// Which field of a record holds which column, read from the header line.
struct BudgetTableColumns {
    private let positions: [BudgetTableField: Int]
    let headerCount: Int

    init(header: CSVRecord, file: String) throws(InputError) {
        var positions: [BudgetTableField: Int] = [:]
        for (index, field) in header.fields.enumerated() {
            guard let meaning = BudgetTableField.recognising(field.text) else {
                if field.text.isEmpty, index == header.fields.count - 1 { continue }  // A trailing delimiter.
                throw InputError(file: file, location: .cell(line: field.line, column: field.column),
                                 problem: "the column \"\(field.text)\" is not one a budget table has; expected \(Self.expectedHeaders)")
            }
            if let earlier = positions[meaning] {
                throw InputError(file: file, location: .cell(line: field.line, column: field.column),
                                 problem: "the column \"\(field.text)\" means \(meaning.rawValue), as column \(earlier + 1) \"\(header.fields[earlier].text)\" already does")
            }
            positions[meaning] = index
        }
        let missing = BudgetTableField.allCases.filter { $0.isRequired && positions[$0] == nil }
        guard missing.isEmpty else {
            let found = header.fields.map { "\"\($0.text)\"" }.joined(separator: ", ")
            throw InputError(file: file, location: .line(header.line),
                             problem: "the header lacks the column\(missing.count > 1 ? "s" : "") \(missing.map(\.rawValue).joined(separator: ", ")); found \(found); expected \(Self.expectedHeaders)")
        }
        self.positions = positions
        self.headerCount = header.fields.count
    }

    static let expectedHeaders =
        "status,partner,country,region,programme_funds,national_cofinancing,total (or the Latvian headers, e.g. \"Partnera statuss\", \"Partnera nosaukums\", \"programmas finansējums\", \"līdzfinansējums\", \"Kopā\")"

    /// The 0-based position of `column` in each record, or nil when the table lacks it.
    func position(of column: BudgetTableField) -> Int? { positions[column] }

    /// The field of `record` that holds `column`, or nil for an optional column the table lacks.
    func field(_ column: BudgetTableField, of record: CSVRecord) -> CSVField? {
        guard let position = positions[column] else { return nil }
        return record.fields[position]
    }
}
