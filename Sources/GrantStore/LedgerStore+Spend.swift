import GrantCore

extension LedgerStore {
    /// The project's declared and certified spend per partner × category × period, from the sums
    /// stored with each import batch plus the few reversals and controls: the same figures as
    /// summing every line, without reading every line. `verify` checks the stored sums.
    public func spendIndex(projectCode: String) throws(StoreError) -> SpendIndex {
        _ = try grant(projectCode)
        let cells = try declaredPerCell(projectCode)
        var corrections = SpendIndex.Corrections()
        let reversals = try database.prepare("SELECT reverses, period, amount_eur_minor FROM entries WHERE kind = 'reversal' AND project = ?")
        try reversals.bind([.text(projectCode)])
        var posted: [(original: Int64, period: Int, amount: Int64)] = []
        while try reversals.step() { posted.append((reversals.integer(0), Int(reversals.integer(1)), reversals.integer(2))) }
        // Controls in ledger order, so the latest verdict on an entry is the one kept.
        let controlEntries = database.table("entries", indexedBy: "entries_controls")
        let controls = try database.prepare(
            "SELECT controls, certified_minor, deduction_reason, sequence FROM \(controlEntries) WHERE kind = 'control' "
                + "AND project = ? ORDER BY sequence")
        try controls.bind([.text(projectCode)])
        // A parked entry is certified by nothing until a later verdict.
        var verdicts: [(entry: Int64, certified: Int64?, sequence: Int64)] = []
        while try controls.step() {
            let parked = controls.text(2) == DeductionReason.parked.rawValue
            verdicts.append((controls.integer(0), parked ? nil : controls.integer(1), controls.integer(3)))
        }
        let originals = try expenditureLines(posted.map(\.original) + verdicts.map(\.entry))
        let book = try partnerReports(projectCode)
        for reversal in posted {
            guard let line = originals[reversal.original] else { continue }
            corrections.reversals[reversal.original] = .init(
                original: key(line), originalAmount: line.declaredEuros, postingPeriod: reversal.period, amount: try euros(reversal.amount))
        }
        for verdict in verdicts {
            guard let line = originals[verdict.entry], !book.verdictWaits(verdict.sequence, partnerID: line.partnerID) else { continue }
            corrections.controls[verdict.entry] = try verdict.certified.map { (certified) throws(StoreError) in
                (key(line), try euros(certified))
            }
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

    /// The lines of the expenditure entries among `sequences`.
    private func expenditureLines(_ sequences: [Int64]) throws(StoreError) -> [Int64: ExpenditureLine] {
        try expenditureEntries(sequences).compactMapValues { entry in
            if case .expenditure(let line, _, _) = entry.body { line } else { nil }
        }
    }

    private func key(_ line: ExpenditureLine) -> SpendIndex.Key {
        SpendIndex.Key(partnerID: line.partnerID, categoryID: line.categoryID, periodNumber: line.periodNumber)
    }

    /// The partner, category and period in three columns from `partner` on.
    private func key(_ statement: any Statement, partner column: Int32) -> SpendIndex.Key {
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
