/// One cell of the approved budget: a partner's amount in a cost category and reporting period,
/// from one funding source.
public struct BudgetLine: Hashable, Sendable {
    public let partnerID: String
    public let categoryID: String
    public let periodNumber: Int
    public let sourceID: String
    public let amount: Money

    public init(partnerID: String, categoryID: String, periodNumber: Int, sourceID: String, amount: Money) {
        self.partnerID = partnerID
        self.categoryID = categoryID
        self.periodNumber = periodNumber
        self.sourceID = sourceID
        self.amount = amount
    }
}
