/// One expenditure line as a partner report carries it: an invoice (or part of one) declared
/// in a cost category and reporting period.
public struct ExpenditureLine: Hashable, Sendable {
    public let partnerID: String
    public let categoryID: String
    public let periodNumber: Int
    public let invoiceNumber: String
    public let supplier: String
    public let invoiceDate: CalendarDate
    /// Nil while unpaid.
    public let paymentDate: CalendarDate?
    /// Net, VAT and gross in the invoice's currency; gross = net + VAT.
    public let net: Money
    public let vat: Money
    public let gross: Money
    /// The rate used for a non-euro invoice; nil for euro.
    public let exchangeRate: ExchangeRate?
    /// The amount declared, in euro.
    public let declaredEuros: Money
    public let description: String
    /// The supporting document's reference (file name, archive number).
    public let documentReference: String

    public init(partnerID: String, categoryID: String, periodNumber: Int, invoiceNumber: String, supplier: String,
                invoiceDate: CalendarDate, paymentDate: CalendarDate?, net: Money, vat: Money, gross: Money,
                exchangeRate: ExchangeRate?, declaredEuros: Money, description: String, documentReference: String) {
        precondition(net.currency == gross.currency && vat.currency == gross.currency, "An invoice has one currency")
        precondition(declaredEuros.currency == .euro, "Declared amounts are in euro")
        self.partnerID = partnerID
        self.categoryID = categoryID
        self.periodNumber = periodNumber
        self.invoiceNumber = invoiceNumber
        self.supplier = supplier
        self.invoiceDate = invoiceDate
        self.paymentDate = paymentDate
        self.net = net
        self.vat = vat
        self.gross = gross
        self.exchangeRate = exchangeRate
        self.declaredEuros = declaredEuros
        self.description = description
        self.documentReference = documentReference
    }

    /// The invoice's currency.
    public var currency: Currency { gross.currency }
}

/// A line's amounts as every reader of lines holds them, from a file or a stored block: net, VAT
/// and gross in the invoice's currency, and the exchange rate a foreign invoice carries.
package struct LineAmounts {
    let net: Money
    let vat: Money
    let gross: Money
    let exchangeRate: ExchangeRate?

    package init(net: Money, vat: Money, gross: Money, exchangeRate: ExchangeRate?) {
        self.net = net
        self.vat = vat
        self.gross = gross
        self.exchangeRate = exchangeRate
    }

    /// gross = net + VAT, in one currency.
    package var grossIsNetPlusVAT: Bool { (try? net.adding(vat)) == gross }
    /// A rate is given exactly when the invoice is not in euro.
    package var rateMatchesCurrency: Bool { (gross.currency == .euro) == (exchangeRate == nil) }
    package var hold: Bool { grossIsNetPlusVAT && rateMatchesCurrency }
}
