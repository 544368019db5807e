import GrantCore

extension LedgerStore {
    /// The project's declared and certified spend per partner × category × period, from the sums
    /// stored with each import batch plus the few reversals and controls: the same figures as
    /// summing every line, without reading every line. `verify` checks the stored sums.
    public func spendIndex(projectCode: String) throws(StoreError) -> SpendIndex {
        _ = try grant(projectCode)
        let cells = try declaredPerCell(projectCode)
        var corrections = SpendIndex.Corrections()
        let reversals = try database.prepare("""
            SELECT e.sequence, e.partner, e.category, e.period, e.amount_eur_minor, r.period, r.amount_eur_minor
            FROM entries r JOIN entries e ON e.sequence = r.reverses
            WHERE r.kind = 'reversal' AND r.project = ?
            """)
        try reversals.bind([.text(projectCode)])
        while try reversals.step() {
            corrections.reversals[reversals.integer(0)] = .init(
                original: key(reversals, partner: 1), originalAmount: try euros(reversals.integer(4)),
                postingPeriod: Int(reversals.integer(5)), amount: try euros(reversals.integer(6)))
        }
        // Controls in ledger order, so the latest verdict on an entry is the one kept.
        let controls = try database.prepare("""
            SELECT c.controls, e.partner, e.category, e.period, c.certified_minor
            FROM entries c INDEXED BY entries_controls JOIN entries e ON e.sequence = c.controls
            WHERE c.kind = 'control' AND c.project = ? ORDER BY c.sequence
            """)
        try controls.bind([.text(projectCode)])
        while try controls.step() {
            corrections.controls[controls.integer(0)] = (key(controls, partner: 1), try euros(controls.integer(4)))
        }
        do {
            return try SpendIndex(declared: cells, corrections: corrections)
        } catch {
            throw .refused("the declared amounts of \(projectCode) add up to more than the ledger can hold")
        }
    }

    /// The stored batch sums, added up per cell over all batches.
    private func declaredPerCell(_ projectCode: String) throws(StoreError) -> [(SpendIndex.Key, Money, Int)] {
        let statement = try database.prepare("""
            SELECT partner, category, period, sum(declared_minor), sum(entries) FROM batch_spend
            WHERE project = ? GROUP BY partner, category, period
            """)
        try statement.bind([.text(projectCode)])
        var cells: [(SpendIndex.Key, Money, Int)] = []
        while try statement.step() {
            cells.append((key(statement, partner: 0), try euros(statement.integer(3)), Int(statement.integer(4))))
        }
        return cells
    }

    /// The partner, category and period in three columns from `partner` on.
    private func key(_ statement: Statement, partner column: Int32) -> SpendIndex.Key {
        SpendIndex.Key(partnerID: statement.text(column) ?? "", categoryID: statement.text(column + 1) ?? "",
                       periodNumber: Int(statement.integer(column + 2)))
    }

    private func euros(_ minorUnits: Int64) throws(StoreError) -> Money {
        do {
            return try Money(minorUnits: minorUnits, currency: .euro)
        } catch {
            throw .refused("a stored amount (\(minorUnits) cents) is out of range; run 'grantledger verify'")
        }
    }
}
