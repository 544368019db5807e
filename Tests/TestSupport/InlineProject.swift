import GrantCore

/// Small projects written inline in a test: a few partners with their approved amounts, two
/// cost categories and two six-month periods, and expenditure lines built from a handful of
/// fields. Amounts are written as in a file (`"90000.09"`), so a test reads like its input.
public enum InlineProject {
    /// Cents of a decimal text such as `"325267.50"` or `"-0.01"`; a malformed text is a test bug.
    public static func euros(_ text: String) -> Money {
        do { return try AmountParser(decimalMark: .point, currency: .euro).parse(text) } catch { preconditionFailure("\(text): \(error)") }
    }

    /// A day written `YYYY-MM-DD`.
    public static func day(_ text: String) -> CalendarDate {
        guard let date = CalendarDate(text: text) else { preconditionFailure("not a date: \(text)") }
        return date
    }

    /// One partner: its id and approved programme funds (source `ERDF`), public contribution
    /// (`PUB`) and, when given, private contribution (`PRIV`); the total is their sum unless stated.
    public struct PartnerTerms: Sendable {
        public let id: String
        public let programme: Money
        public let publicContribution: Money
        public let privateContribution: Money
        public let total: Money?
        public let vatRecoverable: Bool

        public init(_ id: String, programme: String, public publicContribution: String, private privateContribution: String = "0.00",
                    total: String? = nil, vatRecoverable: Bool = false) {
            self.id = id
            self.programme = InlineProject.euros(programme)
            self.publicContribution = InlineProject.euros(publicContribution)
            self.privateContribution = InlineProject.euros(privateContribution)
            self.total = total.map(InlineProject.euros)
            self.vatRecoverable = vatRecoverable
        }
    }

    /// A grant of `partners` (the first is the lead), 2025-01-01 to 2025-12-31 in two periods,
    /// under `pack`; each approved source is budgeted in `staff`, period 1.
    public static func grant(_ partners: [PartnerTerms], pack: RulePack = .interreg2014to2020,
                             categories: [String] = ["staff", "office", "travel", "external"]) -> Grant {
        let project = Project(code: "T-1", acronym: "Test", title: "Inline test project", start: day("2025-01-01"),
                              end: day("2025-12-31"), currency: .euro, approvalDate: nil)
        let sources = [FundingSource(id: "ERDF", kind: .programmeFunds(fund: "ERDF")),
                       FundingSource(id: "PUB", kind: .partnerContribution(.public)),
                       FundingSource(id: "PRIV", kind: .partnerContribution(.private))]
        var approvals: [PartnerApproval] = []
        var lines: [BudgetLine] = []
        for terms in partners {
            let amounts = [SourceAmount(sourceID: "ERDF", amount: terms.programme),
                           SourceAmount(sourceID: "PUB", amount: terms.publicContribution),
                           SourceAmount(sourceID: "PRIV", amount: terms.privateContribution)]
            let sum = amounts.reduce(0) { $0 + $1.amount.minorUnits }
            approvals.append(PartnerApproval(partnerID: terms.id, amounts: amounts,
                                             total: terms.total ?? (try! Money(minorUnits: sum, currency: .euro))))
            lines += amounts.map { BudgetLine(partnerID: terms.id, categoryID: categories[0], periodNumber: 1, sourceID: $0.sourceID,
                                              amount: $0.amount) }
        }
        return Grant(programme: Programme(name: pack.name, rulePack: pack), project: project,
                     partners: partners.enumerated().map { index, terms in
                         Partner(id: terms.id, role: index == 0 ? .lead : .partner, name: "Partner \(terms.id)", country: "Latvia",
                                 region: nil, vatRecoverable: terms.vatRecoverable)
                     },
                     fundingSources: sources, costCategories: categories.map { CostCategory(id: $0, name: $0) },
                     reportingPeriods: [ReportingPeriod(number: 1, start: day("2025-01-01"), end: day("2025-06-30")),
                                        ReportingPeriod(number: 2, start: day("2025-07-01"), end: day("2025-12-31"))],
                     approvals: approvals, budgetLines: lines)
    }

    /// An expenditure entry: `sequence` in the ledger, from import `batch`, euro unless `currency`
    /// and `rate` (units per euro) say otherwise; `declared` defaults to the gross converted.
    public static func line(_ sequence: Int64, partner: String = "LP", category: String = "staff", period: Int = 1,
                            invoice: String = "INV-1", supplier: String = "SIA Piegādātājs", invoiceDate: String = "2025-03-01",
                            paid: String? = "2025-03-05", net: String, vat: String = "0.00", currency: String = "EUR",
                            rate: String? = nil, declared: String? = nil, batch: Int64 = 1,
                            certified: String? = nil, reversedBy: Int64? = nil) -> LedgerLine {
        let invoiceCurrency = Currency(code: currency)!
        let parser = AmountParser(decimalMark: .point, currency: invoiceCurrency)
        let netAmount = try! parser.parse(net)
        let vatAmount = try! parser.parse(vat)
        let gross = try! netAmount.adding(vatAmount)
        let exchangeRate = rate.map { try! ExchangeRate(currency: invoiceCurrency, text: $0) }
        let declaredEuros = declared.map(euros) ?? (try! exchangeRate.map { try $0.euros(for: gross, rounding: .halfUp) } ?? gross)
        let expenditure = ExpenditureLine(partnerID: partner, categoryID: category, periodNumber: period, invoiceNumber: invoice,
                                          supplier: supplier, invoiceDate: day(invoiceDate), paymentDate: paid.map(day), net: netAmount,
                                          vat: vatAmount, gross: gross, exchangeRate: exchangeRate, declaredEuros: declaredEuros,
                                          description: "", documentReference: "")
        let entry = LedgerEntry(sequence: sequence, projectCode: "T-1", body: .expenditure(expenditure, batch: batch,
                sourceLine: Int(sequence)),
                                author: "tester", recordedAt: "2025-03-10T10:00:00Z", previousHash: LedgerEntry.genesisHash)
        let control = certified.map { (sequence + 1000, Control(entry: sequence, certified: euros($0), reason: nil, note: "")) }
        return LedgerLine(entry: entry, line: expenditure, reversedBy: reversedBy, control: control)
    }

    /// Import batches 1…`count`, batch N submitted on `submitted[N-1]`.
    public static func batches(_ submitted: [String]) -> [Int64: ImportBatch] {
        var batches: [Int64: ImportBatch] = [:]
        for (index, date) in submitted.enumerated() {
            let number = Int64(index + 1)
            batches[number] = ImportBatch(number: number, fileName: "p\(number).csv", contentHash: "", lineCount: 0,
                                          totalEuros: .zero(.euro), submittedOn: day(date))
        }
        return batches
    }
}
