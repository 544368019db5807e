import Testing
import TestSupport
import GrantCore
@testable import GrantFormats

@Suite("Budget-table reading")
struct BudgetTableReaderTests {
    let header = "status,partner,country,region,programme_funds,national_cofinancing,total\n"

    func read(_ text: String, decimalMark: DecimalMark? = nil) throws(InputError) -> BudgetTableFile {
        try BudgetTableReader(decimalMark: decimalMark).read(Array(text.utf8), file: "table.csv")
    }

    func message(_ text: String) -> String? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error.message
        }
    }

    @Test("the English and the Latvian LLI-59 tables read to the same figures")
    func englishAndLatvian() throws {
        let reader = BudgetTableReader()
        let english = try reader.read(Repository.bytes("Fixtures/lli-59-open-leadership/budget-table.csv"), file: "en.csv")
        let latvian = try reader.read(Repository.bytes("Fixtures/lli-59-open-leadership/budget-table-lv.csv"), file: "lv.csv")
        #expect(english.decimalMark == .point)
        #expect(latvian.decimalMark == .comma)
        #expect(latvian.delimiter == ";")
        for table in [english.table, latvian.table] {
            #expect(table.rows.map(\.role) == [.lead, .partner])
            #expect(table.rows.map(\.partner) == ["Euroregion \"Country of lakes\" office in Lithuania", "Latgales plānošanas reģions"])
            #expect(table.rows.map(\.programmeFunds.minorUnits) == [21_509_260, 11_017_491])
            #expect(table.rows.map(\.nationalCofinancing.minorUnits) == [3_795_752, 1_944_263])
            #expect(table.rows.map(\.total.minorUnits) == [25_305_012, 12_961_753])
            #expect(table.totals?.programmeFunds?.minorUnits == 32_526_750)
            #expect(table.totals?.nationalCofinancing == nil)
            #expect(table.totals?.total?.minorUnits == 38_266_765)
        }
        #expect(latvian.columnNumbers == [.programmeFunds: 5, .nationalCofinancing: 6, .total: 7])
    }

    @Test("the Latvian Excel export, with no-break-space digit groups, reads exactly")
    func latvianExcel() throws {
        let file = try BudgetTableReader().read(Repository.bytes("Fixtures/budget-tables/latvian-excel-export.csv"), file: "lv.csv")
        #expect(file.table.rows.map(\.total.minorUnits) == [10_000_000, 4_731_117, 1_234_567])
        #expect(file.table.totals?.nationalCofinancing?.minorUnits == 2_394_854)
    }

    @Test("bad tables are refused with file, line, column and what was expected", arguments: [
        ("status,partner,country,region,programme_funds,total\nlead,A,LV,,85.00,100.00\n",
         "table.csv:1: the header lacks the column national_cofinancing; found \"status\", \"partner\", \"country\", \"region\", \"programme_funds\", \"total\"; expected \(BudgetTableField.expectedHeaders)"),
        ("status,partner,programme_funds,national_cofinancing,total,notes\nlead,A,85,15,100,x\n",
         "table.csv:1:59: the column \"notes\" is not one a budget table has; expected \(BudgetTableField.expectedHeaders)"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,,85.0O,15.00,100.00\n",
         "table.csv:2:16: programme funds: \"85.0O\" is not an amount: unexpected letter \"O\"; expected e.g. 110174.91 or 110,174.91 (decimal point in this file)"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,,85.00,,100.00\n",
         "table.csv:2:18: national co-financing: the amount is empty; expected an amount, e.g. 110174.91 or 110,174.91"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,,85.001,15.00,100.00\n",
         "table.csv:2:15: programme funds: \"85.001\" is not an amount: 3 decimal places, but the currency has 2; expected e.g. 110174.91 or 110,174.91 (decimal point in this file)"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,85.00,15.00,100.00\n",
         "table.csv:2: the row has 6 fields but the header has 7; check the delimiters and quotes on this line"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nboss,A,LV,,85.00,15.00,100.00\n",
         "table.csv:2:1: status \"boss\" is not a partner status; expected lead or partner (Latvian \"Vadošais\" or \"Iesaistītais\"), or Total on the totals row"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nTotal,,,,85.00,15.00,100.00\nlead,A,LV,,85.00,15.00,100.00\n",
         "table.csv:3: a row follows the totals row of line 2; the totals row must be the last"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\n",
         "table.csv:1: the table has a header but no partner rows"),
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,,\"85.00,15.00,100.00\n",
         "table.csv:2:12: the quoted field that starts here is never closed; add the closing quote (\")"),
        // One cell with a decimal point, one with a decimal comma: the file's mark is not guessed per cell.
        ("status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,,\"1,234.50\",\"1 234,50\",2469.00\n",
         "table.csv:2:29: national co-financing: \"1 234,50\" is not an amount: digit groups are separated by two different characters; expected e.g. 110174.91 or 110,174.91 (decimal point in this file)"),
    ])
    func refuses(text: String, expected: String) {
        #expect(message(text) == expected)
    }

    @Test("a file whose amounts read two ways asks for the decimal mark")
    func ambiguousMark() throws {
        let table = "status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,LV,,850,150,1000\n"
        // Whole numbers read the same either way: no question arises.
        #expect(try read(table).table.rows[0].total.minorUnits == 100_000)
        let dinars = try #require(Currency(code: "KWD"))
        let ambiguous = "status,partner,country,region,programme_funds,national_cofinancing,total\nlead,A,KW,,1.234,1.000,2.234\n"
        #expect {
            try BudgetTableReader(currency: dinars).read(Array(ambiguous.utf8), file: "kw.csv")
        } throws: {
            ($0 as? InputError)?.message == "kw.csv:2:12: \"1.234\" reads as a different amount with a decimal point than with a decimal comma, and no other amount in the file settles which the file uses; give it with --decimal-mark point or --decimal-mark comma"
        }
        let forced = try BudgetTableReader(currency: dinars, decimalMark: .point).read(Array(ambiguous.utf8), file: "kw.csv")
        #expect(forced.table.rows[0].programmeFunds.minorUnits == 1_234)
    }

    @Test("statuses and totals rows are recognised in English and Latvian", arguments: [
        ("Vadošais", PartnerRole.lead), ("LEAD PARTNER", .lead), ("LP", .lead), ("Iesaistītais", .partner),
        ("Iesaistītais partneris", .partner), ("project partner", .partner), ("PP", .partner),
    ])
    func statuses(status: String, role: PartnerRole) {
        #expect(BudgetTableReader.role(status) == role)
    }
}
