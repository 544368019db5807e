/// Where part of a partner's budget comes from.
public struct FundingSource: Hashable, Sendable {
    /// A short identifier, e.g. `ERDF` or `LV-national`.
    public let id: String
    /// Programme funds or a kind of partner contribution.
    public let kind: FundingSourceKind

    public init(id: String, kind: FundingSourceKind) {
        self.id = id
        self.kind = kind
    }
}

/// The two sides of co-financing.
public enum FundingSourceKind: Hashable, Sendable {
    /// Money from the programme, named by its fund: ERDF, Norway FM, EEA.
    case programmeFunds(fund: String)
    /// The partner's own share, classified as the programme requires.
    case partnerContribution(ContributionType)

    /// True for programme funds.
    public var isProgrammeFunds: Bool {
        if case .programmeFunds = self { return true }
        return false
    }
}

/// How a partner contribution is classified for co-financing statements.
public enum ContributionType: String, Hashable, Sendable, CaseIterable {
    /// National public co-financing (state budget, municipality).
    case `public`
    /// Automatic public co-financing, granted by law to public bodies.
    case automaticPublic = "automatic-public"
    /// Private co-financing.
    case `private`
}
