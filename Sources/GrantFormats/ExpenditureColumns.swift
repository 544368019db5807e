/// The columns of an expenditure file, recognised by their normalised header in English or
/// Latvian (see README, "Expenditure files").
enum ExpenditureField: String, CaseIterable {
    case partner, category, period
    case invoiceNumber = "invoice_number"
    case supplier
    case invoiceDate = "invoice_date"
    case paymentDate = "payment_date"
    case net, vat, gross, currency
    case exchangeRate = "exchange_rate"
    case amountEUR = "amount_eur"
    case description, document

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
        "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document"
}

/// Which field of a record holds which expenditure column.
struct ExpenditureColumns {
    private let positions: [ExpenditureField: Int]
    let headerCount: Int

    init(header: CSVRecord, file: String) throws(InputError) {
        headerCount = header.fields.count
        var positions: [ExpenditureField: Int] = [:]
        for (index, field) in header.fields.enumerated() {
            let normalized = HeaderText.normalized(field.text)
            guard let meaning = ExpenditureField.allCases.first(where: { $0.headers.contains(normalized) }) else {
                if field.text.isEmpty, index == header.fields.count - 1 { continue }
                throw InputError(file: file, location: .cell(line: field.line, column: field.column),
                                 problem: "the column \"\(field.text)\" is not one an expenditure file has; expected \(ExpenditureField.expectedHeaders) (or their Latvian names, see README)")
            }
            if let earlier = positions[meaning] {
                throw InputError(file: file, location: .cell(line: field.line, column: field.column),
                                 problem: "the column \"\(field.text)\" means \(meaning.rawValue), as column \(earlier + 1) already does")
            }
            positions[meaning] = index
        }
        self.positions = positions
        let missing = ExpenditureField.allCases.filter { $0.isRequired && positions[$0] == nil }
        guard missing.isEmpty else {
            throw InputError(file: file, location: .line(header.line),
                             problem: "the header lacks the column\(missing.count > 1 ? "s" : "") \(missing.map(\.rawValue).joined(separator: ", ")); expected \(ExpenditureField.expectedHeaders)")
        }
    }

    /// The field of `record` holding `column`, or nil when the file has no such column.
    func field(_ column: ExpenditureField, of record: CSVRecord) -> CSVField? {
        positions[column].map { record.fields[$0] }
    }
}
