import Testing
import TestSupport
@testable import GrantCore

/// Builds tables in cents for the reconciliation tests.
enum TableBuilder {
    static func euros(_ minorUnits: Int64) -> Money { Money(unchecked: minorUnits, currency: .euro) }

    /// Rows of (programme funds, co-financing, total) in cents; the first row is the lead partner.
    static func table(_ rows: [(Int64, Int64, Int64)], totals: (Int64?, Int64?, Int64?)?) -> BudgetTable {
        let partnerRows = rows.enumerated().map { index, row in
            BudgetTableRow(sourceLine: index + 2, role: index == 0 ? .lead : .partner, partner: "Partner \(index + 1)",
                           country: "Latvia", region: nil, programmeFunds: euros(row.0), nationalCofinancing: euros(row.1),
                           total: euros(row.2))
        }
        let stated = totals.map { BudgetTableTotals(sourceLine: rows.count + 2, programmeFunds: $0.0.map(euros),
                                                    nationalCofinancing: $0.1.map(euros), total: $0.2.map(euros)) }
        return BudgetTable(currency: .euro, rows: partnerRows, totals: stated)
    }

    /// The LLI-59 table exactly as seed 003 publishes it.
    static let seed = table([(21_509_260, 3_795_752, 25_305_012), (11_017_491, 1_944_263, 12_961_753)],
                            totals: (32_526_750, nil, 38_266_765))
}

@Suite("Budget-table reconciliation")
struct ReconciliationTests {
    let euros = TableBuilder.euros

    @Test("the seed table breaks twice by one cent, and one cell explains both and the cap")
    func seedTable() throws {
        let result = try BudgetTableReconciliation(table: TableBuilder.seed, rulePack: .interreg2014to2020)
        #expect(result.breaks.map(\.kind) == [.rowSum(row: 1), .columnSum(.programmeFunds), .capExceeded(.partner(1))])
        #expect(result.breaks.map(\.expected) == [euros(12_961_754), euros(32_526_751), euros(11_017_490)])
        #expect(result.breaks.map(\.found) == [euros(12_961_753), euros(32_526_750), euros(11_017_491)])
        #expect(result.breaks.map(\.difference) == [euros(-1), euros(-1), euros(1)])
        #expect(result.diagnoses == [CellDiagnosis(
            cell: BudgetTableCell(row: .partner(1), column: .programmeFunds), found: euros(11_017_491),
            reconcilingValue: euros(11_017_490),
            explains: [.rowSum(row: 1), .columnSum(.programmeFunds), .capExceeded(.partner(1))], alternatives: [])])
    }

    @Test("under Interreg 2021–2027 the 80% cap is exceeded by each partner and the project, by exact amounts")
    func capUnder2021() throws {
        let result = try BudgetTableReconciliation(table: TableBuilder.seed, rulePack: .interreg2021to2027)
        let caps = result.breaks.filter { $0.kind.rule == .approvedAboveCap }
        // 80% of 253,050.12 = 202,440.09 (202,440.096 truncated); of 129,617.53 = 103,694.02; of 382,667.65 = 306,134.12.
        #expect(caps.map(\.expected) == [euros(20_244_009), euros(10_369_402), euros(30_613_412)])
        #expect(caps.map(\.difference) == [euros(1_265_251), euros(648_089), euros(1_913_338)])
        // The one-cent cell is still found, explaining the two sums but not the caps it cannot mend.
        #expect(result.diagnoses.first?.explains == [.rowSum(row: 1), .columnSum(.programmeFunds)])
    }

    @Test("a table that holds together has no break and no diagnosis")
    func cleanTable() throws {
        let table = TableBuilder.table([(21_509_260, 3_795_752, 25_305_012), (11_017_490, 1_944_263, 12_961_753)],
                                       totals: (32_526_750, 5_740_015, 38_266_765))
        let result = try BudgetTableReconciliation(table: table, rulePack: .interreg2014to2020)
        #expect(result.isClean)
        #expect(result.diagnoses.isEmpty)
    }

    @Test("a row break with no totals row leaves co-financing and total as equal suspects")
    func ambiguousRow() throws {
        let table = TableBuilder.table([(8_500_000, 1_500_000, 10_000_001)], totals: nil)
        let result = try BudgetTableReconciliation(table: table, rulePack: .interreg2014to2020)
        #expect(result.breaks.map(\.kind) == [.rowSum(row: 0)])
        let diagnosis = try #require(result.diagnoses.first)
        #expect(!diagnosis.isUnique)
        #expect(diagnosis.cell == BudgetTableCell(row: .partner(0), column: .nationalCofinancing))
        #expect(diagnosis.reconcilingValue == euros(1_500_001))
        #expect(diagnosis.alternatives == [CellCorrection(cell: BudgetTableCell(row: .partner(0), column: .total), value: euros(10_000_000))])
    }

    @Test("shape problems: no lead, several leads, a partner listed twice")
    func shapeProblems() throws {
        let base = TableBuilder.table([(8_500, 1_500, 10_000), (8_500, 1_500, 10_000)], totals: nil)
        let noLead = BudgetTable(currency: .euro, rows: base.rows.map {
            BudgetTableRow(sourceLine: $0.sourceLine, role: .partner, partner: $0.partner, country: "", region: nil,
                           programmeFunds: $0.programmeFunds, nationalCofinancing: $0.nationalCofinancing, total: $0.total)
        }, totals: nil)
        #expect(BudgetTableReconciliation.problems(in: noLead) == [.noLeadPartner])
        let twice = BudgetTable(currency: .euro, rows: base.rows.map {
            BudgetTableRow(sourceLine: $0.sourceLine, role: .lead, partner: "Same", country: "", region: nil,
                           programmeFunds: $0.programmeFunds, nationalCofinancing: $0.nationalCofinancing, total: $0.total)
        }, totals: nil)
        #expect(BudgetTableReconciliation.problems(in: twice) == [.severalLeadPartners(lines: [2, 3]), .duplicatePartner(name: "Same", lines: [2, 3])])
    }

    /// A random table that holds together: each total's programme funds at most the cap, truncated.
    static func randomCleanTable(using random: inout SeededGenerator) -> BudgetTable {
        let count = Int.random(in: 2...8, using: &random)
        let rows: [(Int64, Int64, Int64)] = (0..<count).map { _ in
            let total = Int64.random(in: 100...100_000_000_00, using: &random)
            let programme = total * 85 / 100 - Int64.random(in: 0...(total / 10), using: &random)
            return (programme, total - programme, total)
        }
        let sums = rows.reduce((Int64(0), Int64(0), Int64(0))) { ($0.0 + $1.0, $0.1 + $1.1, $0.2 + $1.2) }
        return TableBuilder.table(rows, totals: (sums.0, sums.1, sums.2))
    }

    @Test("one wrong cell anywhere, in any column, is named with its true value: 2,000 random tables")
    func singleWrongCellIsFound() throws {
        var random = SeededGenerator(seed: 59)
        for _ in 0..<2_000 {
            let clean = Self.randomCleanTable(using: &random)
            #expect(try BudgetTableReconciliation(table: clean, rulePack: .interreg2014to2020).isClean)
            let rowChoice = Int.random(in: 0...clean.rows.count, using: &random)
            let row: BudgetTableRowReference = rowChoice == clean.rows.count ? .totals : .partner(rowChoice)
            let cell = BudgetTableCell(row: row, column: BudgetColumn.allCases.randomElement(using: &random)!)
            let original = try #require(clean[cell])
            var delta = Int64.random(in: -99_999...99_999, using: &random)
            if delta == 0 { delta = 1 }
            let broken = clean.replacing(cell, with: TableBuilder.euros(original.minorUnits + delta))
            let result = try BudgetTableReconciliation(table: broken, rulePack: .interreg2014to2020)
            #expect(result.diagnoses.count == 1)
            #expect(result.diagnoses.first?.cell == cell)
            #expect(result.diagnoses.first?.reconcilingValue == original)
            #expect(result.diagnoses.first?.isUnique == true)
        }
    }
}
