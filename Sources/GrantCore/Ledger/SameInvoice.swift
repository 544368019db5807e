/// "The same invoice declared twice", as the audit, the import's warning, folders and ledgers
/// all decide it. Lines declare the same invoice when their `InvoiceIdentity` is equal, whichever
/// partner declares them. An invoice may be split over several lines (parts of it in different
/// categories or reports): only the parts that take the declared total above the invoice's
/// gross are declared twice, and each repeat is that excess on the line that causes it. A credit
/// note (a line of zero or less) under the original's number is no repeat and takes no part.
public struct SameInvoice: Sendable {
    /// A line whose declared amount takes its invoice's declared parts above the gross.
    public struct Repeat: Sendable {
        /// The line that goes above the gross.
        public let line: LedgerLine
        /// The earlier lines of the same invoice, in ledger order.
        public let earlier: [LedgerLine]
        /// The invoice's gross in euro (the largest any of its lines so far states).
        public let gross: Money
        /// The declared parts added up, this line's included.
        public let declaredParts: Money
        /// The part of this line's declared amount that is declared twice.
        public let excess: Money
    }

    /// How a foreign gross is brought to euro (the pack's conversion rounding).
    public let conversionRounding: RoundingMode
    /// Categories paid at a flat rate: their lines declare no invoice.
    public let flatRateCategories: Set<String>

    public init(conversionRounding: RoundingMode, flatRateCategories: Set<String>) {
        self.conversionRounding = conversionRounding
        self.flatRateCategories = flatRateCategories
    }

    /// The repeats among `lines` (live expenditure entries, in ledger order), found by the one
    /// book of invoices the audit keeps (`InvoiceBook`).
    public func repeats(among lines: [LedgerLine]) throws(MoneyError) -> [Repeat] {
        var book = InvoiceBook()
        var partners: [String: Int32] = [:]
        var found: [Repeat] = []
        let bySequence = Dictionary(lines.map { ($0.entry.sequence, $0) }, uniquingKeysWith: { first, _ in first })
        for line in lines where declares(line.line) {
            let partner = partners[line.line.partnerID] ?? Int32(partners.count)
            partners[line.line.partnerID] = partner
            var batch: Int64 = 0
            if case .expenditure(_, let number, _) = line.entry.body { batch = number }
            let (supplier, number) = (Array(line.line.supplier.utf8), Array(line.line.invoiceNumber.utf8))
            let repeated = try supplier.withUnsafeBufferPointer { (supplier) throws(MoneyError) in
                try number.withUnsafeBufferPointer { (number) throws(MoneyError) in
                    try book.add(supplier: supplier, number: number, gross: try grossEuros(line.line), declared: line.line.declaredEuros,
                                 by: .init(entry: line.entry.sequence, partner: partner, batch: batch))
                }
            }
            guard let repeated else { continue }
            found.append(Repeat(line: line, earlier: repeated.earlier.map { bySequence[$0.entry]! }, gross: repeated.gross,
                                declaredParts: repeated.declaredParts, excess: repeated.excess))
        }
        return found
    }

    /// Whether the line declares an invoice: a flat-rate amount does not, nor a credit note (a
    /// line of zero or less).
    package func declares(_ line: ExpenditureLine) -> Bool {
        !flatRateCategories.contains(line.categoryID) && line.declaredEuros > .zero(.euro)
    }

    /// The line's gross in euro: at its own rate for a foreign invoice.
    func grossEuros(_ line: ExpenditureLine) throws(MoneyError) -> Money {
        try grossEuros(line.gross, rate: line.exchangeRate)
    }

    /// A gross in euro: at the line's own rate for a foreign invoice.
    package func grossEuros(_ gross: Money, rate: ExchangeRate?) throws(MoneyError) -> Money {
        guard let rate else { return gross }
        return try rate.euros(for: gross, rounding: conversionRounding)
    }
}
