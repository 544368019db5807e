/// An organisation taking part in a project.
public struct Partner: Hashable, Sendable {
    /// A short identifier used in files and commands, e.g. `LP` or `PP2`.
    public let id: String
    /// Lead partner or project partner.
    public let role: PartnerRole
    /// The organisation's name, spelled as in the subsidy contract.
    public let name: String
    /// The country, in the language of the source documents.
    public let country: String
    /// The region, when the programme records one.
    public let region: String?
    /// Whether the partner can recover the VAT it pays; then VAT is not an eligible cost.
    public let vatRecoverable: Bool

    public init(id: String, role: PartnerRole, name: String, country: String, region: String?, vatRecoverable: Bool = false) {
        self.id = id
        self.role = role
        self.name = name
        self.country = country
        self.region = region
        self.vatRecoverable = vatRecoverable
    }
}

/// A partner's role in the project.
public enum PartnerRole: String, Hashable, Sendable, CaseIterable {
    /// The lead partner (Latvian "Vadošais partneris") signs the subsidy contract.
    case lead
    /// Any other project partner (Latvian "Iesaistītais partneris").
    case partner
}
