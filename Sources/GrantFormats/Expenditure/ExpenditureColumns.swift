/// The columns of an expenditure file, recognised by their normalised header in English or
/// Latvian (see README, "Expenditure files").
enum ExpenditureField: String, HeaderField {
    case partner, category, period
    case invoiceNumber = "invoice_number"
    case supplier
    case invoiceDate = "invoice_date"
    case paymentDate = "payment_date"
    case net, vat, gross, currency
    case exchangeRate = "exchange_rate"
    case amountEUR = "amount_eur"
    case description, document

    var ordinal: Int {
        switch self {
        case .partner: 0
        case .category: 1
        case .period: 2
        case .invoiceNumber: 3
        case .supplier: 4
        case .invoiceDate: 5
        case .paymentDate: 6
        case .net: 7
        case .vat: 8
        case .gross: 9
        case .currency: 10
        case .exchangeRate: 11
        case .amountEUR: 12
        case .description: 13
        case .document: 14
        }
    }

    var isRequired: Bool {
        switch self {
        case .partner, .category, .period, .invoiceNumber, .supplier, .invoiceDate, .net, .vat, .gross: true
        default: false
        }
    }

    /// Normalised headers that mean this column (`HeaderText.normalized` drops a trailing "EUR").
    var headers: Set<String> {
        switch self {
        case .partner: ["partner", "partner id", "partneris"]
        case .category: ["category", "cost category", "izmaksu kategorija", "kategorija"]
        case .period: ["period", "reporting period", "periods", "parskata periods"]
        case .invoiceNumber: ["invoice number", "invoice no", "invoice", "rekina numurs", "rekina nr", "rekins"]
        case .supplier: ["supplier", "piegadatajs"]
        case .invoiceDate: ["invoice date", "rekina datums"]
        case .paymentDate: ["payment date", "apmaksas datums", "maksajuma datums"]
        case .net: ["net", "net amount", "summa bez pvn", "neto"]
        case .vat: ["vat", "pvn", "pvn summa"]
        case .gross: ["gross", "gross amount", "summa ar pvn", "bruto"]
        case .currency: ["currency", "valuta"]
        case .exchangeRate: ["exchange rate", "rate", "valutas kurss", "kurss"]
        case .amountEUR: ["amount", "declared", "declared amount", "amount declared", "summa", "deklareta summa"]
        case .description: ["description", "apraksts"]
        case .document: ["document", "supporting document", "document reference", "attaisnojuma dokuments", "dokuments"]
        }
    }

    static let expectedHeaders =
        "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document (or their Latvian names, see README)"

    static let formatName = "an expenditure file"

    static func recognising(_ header: String) -> ExpenditureField? {
        byHeader[HeaderText.normalized(header)]
    }

    /// Every normalised header with the field it means (the first in declaration order, were two to share one).
    private static let byHeader: [String: ExpenditureField] = Dictionary(
        allCases.flatMap { field in field.headers.map { ($0, field) } }, uniquingKeysWith: { first, _ in first })
}

/// Which field of an expenditure file's records holds which column.
typealias ExpenditureColumns = HeaderColumns<ExpenditureField>
