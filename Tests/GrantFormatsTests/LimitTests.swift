import Testing
import GrantCore
@testable import GrantFormats

@Suite("Reader limits at their edges")
struct ReaderLimitTests {
    func table(rows: Int) -> [UInt8] {
        var text = "status,partner,country,region,programme_funds,national_cofinancing,total\n"
        for index in 0..<rows { text += "\(index == 0 ? "lead" : "partner"),P\(index),LV,,85.00,15.00,100.00\n" }
        return Array(text.utf8)
    }

    @Test("a table may have 10,000 partner rows, not 10,001")
    func partnerRows() throws {
        #expect(try BudgetTableReader().read(table(rows: Limits.budgetTablePartnersMax), file: "t.csv").table.rows.count == 10_000)
        #expect {
            try BudgetTableReader().read(table(rows: Limits.budgetTablePartnersMax + 1), file: "t.csv")
        } throws: {
            ($0 as? InputError)?.message == "t.csv: the table has 10001 partner rows, more than the 10000 a budget table may have"
        }
    }

    @Test("an amount may be written in 64 characters, not 65")
    func amountLength() throws {
        let parser = AmountParser(decimalMark: .point, currency: .euro)
        let padded = String(repeating: " ", count: 60) + "1.00"
        #expect(try parser.parse(padded).minorUnits == 100)
        #expect(throws: AmountSyntaxError.tooLong(65)) { try parser.parse(" " + padded) }
    }
}

@Suite("Header fields")
struct HeaderFieldTests {
    @Test("each field's ordinal is its place among all cases")
    func ordinals() {
        #expect(ExpenditureField.allCases.map(\.ordinal) == Array(ExpenditureField.allCases.indices))
        #expect(BudgetTableField.allCases.map(\.ordinal) == Array(BudgetTableField.allCases.indices))
    }
}
