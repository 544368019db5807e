import GrantCore

/// The co-financing statement: per partner and for the project, programme funds and the
/// contributions by type (national public, automatic public, private), with the programme
/// rate against the pack's cap; once for the approved budget, once for certified expenditure.
public enum CoFinancingStatement {
    public static func build(_ input: ReportInput) throws(MoneyError) -> ReportDocument {
        let locale = input.locale
        let columns = [
            ReportColumn(key: "partner", label: locale.label("Partner"), isNumeric: false, minimumWidth: 12),
            ReportColumn(key: "programmeFunds", label: locale.label("Programme funds"), isNumeric: true),
            ReportColumn(key: "public", label: locale.label("National public"), isNumeric: true),
            ReportColumn(key: "automaticPublic", label: locale.label("Automatic public"), isNumeric: true),
            ReportColumn(key: "private", label: locale.label("Private"), isNumeric: true),
            ReportColumn(key: "total", label: locale.label("Total"), isNumeric: true),
            ReportColumn(key: "rate", label: locale.label("Programme rate"), isNumeric: true),
            ReportColumn(key: "cap", label: locale.label("Cap"), isNumeric: true),
        ]
        // Hundredths of a percent: 85% is 85_000_000 hundred-millionths, 8_500 hundredths of a percent.
        let capHundredths = Int64(input.pack.coFinancingCap.hundredMillionths / 10_000)
        var approvedRows: [ReportRow] = []
        var certifiedRows: [ReportRow] = []
        var approvedTotal = Split()
        var certifiedTotal = Split()
        for approval in input.grant.approvals {
            let approved = try split(of: approval, in: input.grant)
            approvedRows.append(approved.row(input.partnerName(approval.partnerID), cap: capHundredths, kind: .line))
            approvedTotal = try approvedTotal.adding(approved)
            // Certified expenditure split as the payment claim splits it (`Grant.fundingSplit`).
            let certified = try input.certified(partnerID: approval.partnerID)
            let shares = Split(try input.grant.fundingSplit(of: certified, for: approval, fundRounding: input.pack.fundRounding))
            certifiedRows.append(shares.row(input.partnerName(approval.partnerID), cap: capHundredths, kind: .line))
            certifiedTotal = try certifiedTotal.adding(shares)
        }
        approvedRows.append(approvedTotal.row(locale.label("Total"), cap: capHundredths, kind: .total))
        certifiedRows.append(certifiedTotal.row(locale.label("Total"), cap: capHundredths, kind: .total))
        return ReportDocument(id: "co-financing", title: locale.label("Co-financing statement"), facts: input.facts, sections: [
            ReportSection(title: locale.label("Approved budget"), table: ReportTable(columns: columns, rows: approvedRows)),
            ReportSection(title: locale.label("Certified expenditure"), table: ReportTable(columns: columns, rows: certifiedRows),
                          notes: ["Each programme fund = certified × its approved share, \(input.pack.fundRounding.phrase); the partner "
                                 + "contribution is the rest, split over its sources by largest remainder in the approved proportions "
                                 + "(README: Co-financing of certified amounts). Rates shown rounded half-up to 0.01%."]),
        ], locale: locale)
    }

    /// Programme funds and contributions by type.
    struct Split {
        var programme = Money.zero(.euro)
        var byType: [ContributionType: Money] = [:]
        /// What no source finances (a partner without an approved total); part of the total.
        var unfinanced = Money.zero(.euro)

        var total: Money {
            (try? Money.sum([programme, unfinanced] + ContributionType.allCases.map { byType[$0] ?? .zero(.euro) },
                            currency: .euro)) ?? programme
        }

        func adding(_ other: Split) throws(MoneyError) -> Split {
            var result = Split(programme: try programme.adding(other.programme))
            result.unfinanced = try unfinanced.adding(other.unfinanced)
            for type in ContributionType.allCases {
                result.byType[type] = try (byType[type] ?? .zero(.euro)).adding(other.byType[type] ?? .zero(.euro))
            }
            return result
        }

        init() {}

        init(programme: Money) { self.programme = programme }

        init(_ funding: FundingSplit) {
            programme = funding.programmeFunds
            byType = funding.contributions
            unfinanced = funding.unfinanced
        }

        func row(_ name: String, cap: Int64, kind: ReportRow.Kind) -> ReportRow {
            ReportRow([.text(name), .amount(programme)] + ContributionType.allCases.map { .amount(byType[$0] ?? .zero(.euro)) }
                      + [.amount(total), .percent(ReportInput.percent(programme, of: total)), .percent(cap)], kind: kind)
        }
    }

    static func split(of approval: PartnerApproval, in grant: Grant) throws(MoneyError) -> Split {
        var split = Split()
        for amount in approval.amounts {
            switch grant.fundingSource(amount.sourceID)?.kind {
            case .programmeFunds?: split.programme = try split.programme.adding(amount.amount)
            case .partnerContribution(let type)?: split.byType[type] = try (split.byType[type] ?? .zero(.euro)).adding(amount.amount)
            case nil: break
            }
        }
        return split
    }
}
