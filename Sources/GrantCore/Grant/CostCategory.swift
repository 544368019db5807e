/// A budget heading defined by the programme, e.g. staff costs or travel and accommodation.
public struct CostCategory: Hashable, Sendable {
    /// A short identifier used in files, e.g. `staff`.
    public let id: String
    /// The name a finance officer knows it by.
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
