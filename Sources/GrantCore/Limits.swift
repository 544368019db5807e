/// The limits the engine enforces, named in one place so each can be documented (README,
/// "Limits") and tested at its edge. Each is far above what a real programme needs and low
/// enough that a hostile or broken file is refused with a message instead of exhausting memory.
public enum Limits {
    // MARK: Files

    /// Bytes one input file may have (an expenditure file of 1,000,000 lines is about 120 MB).
    public static let inputFileBytesMax = 1 << 30
    /// Bytes one CSV line (record) may have, quoted line breaks included.
    public static let recordBytesMax = 1 << 20
    /// Bytes one CSV field may have.
    public static let fieldBytesMax = 65_536
    /// Levels of nesting in a JSON file (project definitions and rule packs need 4).
    public static let jsonDepthMax = 64

    // MARK: Amounts

    /// The largest amount, in minor units: 92,233,720,368,547,758.07 (Int64). The smallest is its
    /// negative, so every amount can be negated; a sum beyond either is refused, never wrapped.
    public static let amountMinorUnitsMax = Int64.max
    /// Characters an amount may have in its written form, signs and separators included.
    public static let amountTextLengthMax = 64
    /// Decimal places a rate may carry as a fraction: 8, i.e. a percentage to 6 decimal places.
    public static let rateFractionDigitsMax = 8
    /// Parts one allocation may produce; a split into more parts is a sign of a runaway caller.
    public static let allocationPartsMax = 1_000_000
    /// Lines an audit makes room for at its start, however many it expects: room for 2 million
    /// distinct invoices (a key table of 64 MiB); a larger audit grows its book as it goes.
    public static let expectedLinesMax = 2_000_000

    /// The highest flat rate a rule pack may state, in whole percent of its base: the
    /// regulations' highest is 40% (Reg. (EU) 2021/1060 Art. 56); 100% leaves room for any
    /// programme, and a rate above it is a typing error.
    public static let flatRatePercentMax: Int64 = 100
    /// Characters a project code may have (codes such as `4.3-24/NFI/INP-004` have 18).
    public static let projectCodeLengthMax = 64

    // MARK: Project definitions

    /// Partners one project may have (Interreg projects have up to a few dozen).
    public static let projectPartnersMax = 1_000
    /// Reporting periods one project may have.
    public static let reportingPeriodsMax = 120
    /// Cost categories one project may have.
    public static let costCategoriesMax = 100
    /// Funding sources one project may have.
    public static let fundingSourcesMax = 100
    /// Partner rows one budget table may hold.
    public static let budgetTablePartnersMax = 10_000

    // MARK: Computation

    /// Rounds of cell diagnosis in one reconciliation; each round explains at least one break.
    public static let diagnosisRoundsMax = 64
}
