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

    /// The repeats among `lines` (live expenditure entries, in ledger order).
    public func repeats(among lines: [LedgerLine]) throws(MoneyError) -> [Repeat] {
        struct Invoice {
            var lines: [LedgerLine] = []
            var gross = Money.zero(.euro)
            var declared = Money.zero(.euro)
            var excess = Money.zero(.euro)
        }
        var invoices: [InvoiceIdentity: Invoice] = [:]
        invoices.reserveCapacity(lines.count)
        // A project has a few thousand suppliers over a million lines: each is folded once.
        var suppliers: [String: [UInt8]] = [:]
        var found: [Repeat] = []
        for line in lines where !flatRateCategories.contains(line.line.categoryID) && line.line.declaredEuros > .zero(.euro) {
            let supplier: [UInt8]
            if let folded = suppliers[line.line.supplier] {
                supplier = folded
            } else {
                supplier = InvoiceFolding.folded(line.line.supplier)
                suppliers[line.line.supplier] = supplier
            }
            let identity = InvoiceIdentity(foldedSupplier: supplier, foldedNumber: InvoiceFolding.folded(line.line.invoiceNumber))
            var invoice = invoices[identity] ?? Invoice()
            invoice.gross = max(invoice.gross, try grossEuros(line.line))
            invoice.declared = try invoice.declared.adding(line.line.declaredEuros)
            let beyond = try invoice.declared.subtracting(invoice.gross).subtracting(invoice.excess)
            let excess = min(line.line.declaredEuros, max(beyond, .zero(.euro)))
            if !invoice.lines.isEmpty, excess > .zero(.euro) {
                found.append(Repeat(line: line, earlier: invoice.lines, gross: invoice.gross,
                                    declaredParts: invoice.declared, excess: excess))
                invoice.excess = try invoice.excess.adding(excess)
            }
            invoice.lines.append(line)
            invoices[identity] = invoice
        }
        return found
    }

    /// The line's gross in euro: at its own rate for a foreign invoice.
    func grossEuros(_ line: ExpenditureLine) throws(MoneyError) -> Money {
        guard let rate = line.exchangeRate else { return line.gross }
        return try rate.euros(for: line.gross, rounding: conversionRounding)
    }
}
