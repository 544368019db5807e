import GrantCore

/// The columns of a published budget table, recognised by meaning in English or Latvian.
enum BudgetTableField: String, HeaderField {
    case status, partner, country, region
    case programmeFunds = "programme_funds"
    case nationalCofinancing = "national_cofinancing"
    case total

    var ordinal: Int {
        switch self {
        case .status: 0
        case .partner: 1
        case .country: 2
        case .region: 3
        case .programmeFunds: 4
        case .nationalCofinancing: 5
        case .total: 6
        }
    }

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

    static let formatName = "a budget table"

    static let expectedHeaders =
        "status,partner,country,region,programme_funds,national_cofinancing,total (or the Latvian headers, e.g. \"Partnera statuss\", \"Partnera nosaukums\", \"programmas finansējums\", \"līdzfinansējums\", \"Kopā\")"

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

/// Which field of a budget table's records holds which column.
typealias BudgetTableColumns = HeaderColumns<BudgetTableField>
