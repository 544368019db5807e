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
            // Certified expenditure is split over the sources in the approved proportions, by
            // largest remainder, so the parts add up to the certified amount exactly.
            let certified = try Money.sum(input.lines.filter { $0.line.partnerID == approval.partnerID }.compactMap(\.certifiedEuros), currency: .euro)
            let shares = try approved.shares(of: certified)
            certifiedRows.append(shares.row(input.partnerName(approval.partnerID), cap: capHundredths, kind: .line))
            certifiedTotal = try certifiedTotal.adding(shares)
        }
        approvedRows.append(approvedTotal.row(locale.label("Total"), cap: capHundredths, kind: .total))
        certifiedRows.append(certifiedTotal.row(locale.label("Total"), cap: capHundredths, kind: .total))
        return ReportDocument(id: "co-financing", title: locale.label("Co-financing statement"), facts: input.facts, sections: [
            ReportSection(title: locale.label("Approved budget"), table: ReportTable(columns: columns, rows: approvedRows)),
            ReportSection(title: locale.label("Certified expenditure"), table: ReportTable(columns: columns, rows: certifiedRows),
                          notes: ["Certified amounts are split over the funding sources in the approved proportions (largest remainder)."]),
        ], locale: locale)
    }

    /// Programme funds and contributions by type.
    struct Split {
        var programme = Money.zero(.euro)
        var byType: [ContributionType: Money] = [:]

        var total: Money { (try? Money.sum([programme] + ContributionType.allCases.map { byType[$0] ?? .zero(.euro) }, currency: .euro)) ?? programme }

        func adding(_ other: Split) throws(MoneyError) -> Split {
            var result = Split(programme: try programme.adding(other.programme))
            for type in ContributionType.allCases {
                result.byType[type] = try (byType[type] ?? .zero(.euro)).adding(other.byType[type] ?? .zero(.euro))
            }
            return result
        }

        /// `amount` split in this split's proportions.
        func shares(of amount: Money) throws(MoneyError) -> Split {
            let weights = [programme] + ContributionType.allCases.map { byType[$0] ?? .zero(.euro) }
            guard weights.contains(where: { !$0.isZero }), !amount.isZero else { return Split() }
            let parts: [Money]
            do {
                parts = try amount.allocated(overWeights: weights.map(\.minorUnits))
            } catch {
                throw .overflow(operation: "split an amount")
            }
            var result = Split(programme: parts[0])
            for (index, type) in ContributionType.allCases.enumerated() { result.byType[type] = parts[index + 1] }
            return result
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
