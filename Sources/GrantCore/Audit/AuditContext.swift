/// What the audit's rules read besides a line: the project under its pack, the import batches,
/// the rates to check against, and the partners and categories lines name by position.
package final class AuditContext: @unchecked Sendable {
    package let grant: Grant
    package let pack: RulePack
    /// The day each import batch was submitted, by its number.
    // Set only by the pass that owns the context, between lines (`AuditPass.submitted`).
    package var submitted: [Int64: CalendarDate]
    /// Monthly exchange rates to check non-euro lines against, when given.
    package let rates: RateTable?
    /// The partners and categories lines name, by position: the grant's in its order, then any a
    /// ledger's lines name that the grant lacks.
    package private(set) var partnerIDs: [String]
    package private(set) var categoryIDs: [String]
    /// Whether a recoverable-VAT finding is possible for each partner, by position.
    package private(set) var recoversVAT: [Bool]
    /// The flat rate paid in each category, by position, if any.
    package private(set) var flatRates: [FlatRate?]
    /// "The same invoice", as the pack converts a foreign gross and pays flat rates.
    package let sameInvoice: SameInvoice
    /// Whether each category, by position, is paid at a flat rate (its lines declare no invoice).
    package private(set) var paysFlatRate: [Bool]
    private var partnerPositions: [String: Int]
    private var categoryPositions: [String: Int]

    package init(grant: Grant, pack: RulePack, batches: [Int64: ImportBatch], rates: RateTable?, partnerIDs: [String],
                 categoryIDs: [String]) {
        self.grant = grant
        self.pack = pack
        submitted = batches.mapValues(\.submittedOn)
        self.rates = rates
        self.partnerIDs = partnerIDs
        self.categoryIDs = categoryIDs
        recoversVAT = partnerIDs.map { grant.partner($0)?.vatRecoverable == true }
        flatRates = categoryIDs.map { pack.flatRate(covering: $0) }
        sameInvoice = SameInvoice(conversionRounding: pack.conversionRounding, flatRateCategories: Set(pack.flatRates.map(\.category)))
        paysFlatRate = categoryIDs.map(sameInvoice.flatRateCategories.contains)
        partnerPositions = Dictionary(partnerIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        categoryPositions = Dictionary(categoryIDs.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The position of partner `id`, added after the others when the grant lacks it (a ledger's
    /// lines may name one, which verify reports).
    package func position(ofPartner id: String) -> Int {
        if let known = partnerPositions[id] { return known }
        partnerIDs.append(id)
        recoversVAT.append(false)
        partnerPositions[id] = partnerIDs.count - 1
        return partnerIDs.count - 1
    }

    /// The position of category `id`, added after the others when the grant lacks it.
    package func position(ofCategory id: String) -> Int {
        if let known = categoryPositions[id] { return known }
        categoryIDs.append(id)
        flatRates.append(pack.flatRate(covering: id))
        paysFlatRate.append(sameInvoice.flatRateCategories.contains(id))
        categoryPositions[id] = categoryIDs.count - 1
        return categoryIDs.count - 1
    }

    /// The grant's partners and categories, in its order.
    package convenience init(grant: Grant, pack: RulePack, batches: [Int64: ImportBatch], rates: RateTable?) {
        self.init(grant: grant, pack: pack, batches: batches, rates: rates, partnerIDs: grant.partners.map(\.id),
                  categoryIDs: grant.costCategories.map(\.id))
    }

    /// Where a line's findings apply.
    package func place(_ line: borrowing AuditLine) -> AuditPlace {
        AuditPlace(entry: line.entry, line: line.sourceLine, partnerID: partnerIDs[line.partner], categoryID: categoryIDs[line.category],
                   periodNumber: line.periodNumber)
    }

    /// The month whose rate converts the line, as the pack says; nil when it is not known (a
    /// line of no known import batch under a submission-month pack).
    package func conversionMonth(_ line: borrowing AuditLine) -> CalendarDate? {
        switch pack.conversionMonth {
        case .submission: submitted[line.batch]
        case .invoice: line.invoiceDate
        }
    }

    /// The day a line was claimed: its import's submission date, else the day it was recorded.
    package func declarationDate(_ line: borrowing AuditLine) -> CalendarDate? {
        let recorded = line.recordedOn  // (a borrowed line is not captured by `??`'s closure)
        return submitted[line.batch] ?? recorded
    }
}
