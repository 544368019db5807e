/// The limits the engine enforces, named in one place so each can be tested at its edge.
public enum Limits {
    /// Parts one allocation may produce; a split into more parts is a sign of a runaway caller.
    public static let allocationPartsMax = 1_000_000
    /// Decimal places a rate may carry as a fraction: 8, i.e. a percentage to 6 decimal places.
    public static let rateFractionDigitsMax = 8
    /// Characters an amount may have in its written form, signs and separators included.
    public static let amountTextLengthMax = 64
    /// Partner rows one budget table may hold.
    public static let budgetTablePartnersMax = 10_000
    /// Rounds of cell diagnosis in one reconciliation; each round explains at least one break.
    public static let diagnosisRoundsMax = 64
}
