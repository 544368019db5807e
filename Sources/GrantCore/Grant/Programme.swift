/// A funding programme, e.g. Interreg V-A Latvia–Lithuania 2014–2020; it owns the rules.
public struct Programme: Hashable, Sendable {
    /// The programme's name as its documents give it.
    public let name: String
    /// The rule pack every project of the programme is checked against.
    public let rulePack: RulePack

    public init(name: String, rulePack: RulePack) {
        self.name = name
        self.rulePack = rulePack
    }
}
