import Foundation
import Testing
import GrantCore
import TestSupport
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

@Suite("Input limits at their edges")
struct InputLimitTests {
    static let header = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,exchange_rate,amount_eur,description,document\n"

    func records(_ text: String) throws(InputError) -> [CSVRecord] {
        try CSVDocument(bytes: Array(text.utf8), file: "f.csv").records
    }

    @Test("a CSV field may have 65,536 bytes, not 65,537; the message names line and column")
    func fieldLength() throws {
        let edge = String(repeating: "x", count: Limits.fieldBytesMax)
        #expect(try records("a,\(edge)\n")[0].fields[1].text.utf8.count == 65_536)
        #expect(throws: InputError(file: "f.csv", location: .cell(line: 1, column: 3),
                                   problem: "the field that starts here is longer than 65536 bytes, the most a field may have; is this a CSV file?")) {
            try records("a,\(edge)x\n")
        }
    }

    @Test("a CSV line may have 1,048,576 bytes, not one more")
    func lineLength() throws {
        // 16 fields of 65,535 bytes and 15 commas, then padding to the edge.
        let field = String(repeating: "y", count: 65_535)
        let fields = Array(repeating: field, count: 16).joined(separator: ",")
        let edge = fields + "," + String(repeating: "z", count: Limits.recordBytesMax - fields.utf8.count - 1)
        #expect(edge.utf8.count == Limits.recordBytesMax)
        #expect(try records(edge + "\n")[0].fields.count == 17)
        #expect(throws: InputError(file: "f.csv", location: .line(2),
                                   problem: "the line is longer than 1048576 bytes, the most a line may have; is this a CSV file?")) {
            try records("a\n" + edge + "z\n")
        }
    }

    @Test("JSON may nest 64 levels, not 65")
    func jsonDepth() throws {
        func nested(_ depth: Int) -> [UInt8] { Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8) }
        _ = try JSONParser.parse(nested(Limits.jsonDepthMax), file: "p.json")
        #expect(throws: InputError(file: "p.json", location: .cell(line: 1, column: 65), problem: "the document nests deeper than 64 levels")) {
            try JSONParser.parse(nested(Limits.jsonDepthMax + 1), file: "p.json")
        }
    }

    @Test("amounts reach ±92,233,720,368,547,758.07 and no further")
    func amountRange() throws {
        let parser = AmountParser(decimalMark: .point, currency: .euro)
        #expect(try parser.parse("92233720368547758.07").minorUnits == Limits.amountMinorUnitsMax)
        #expect(try parser.parse("-92233720368547758.07").minorUnits == -Limits.amountMinorUnitsMax)
        #expect(throws: AmountSyntaxError.self) { try parser.parse("92233720368547758.08") }
        #expect(throws: AmountSyntaxError.self) { try parser.parse("-92233720368547758.08") }
    }

    /// LLI-59's project.json with `extra` more partners (each with one approved amount) or `periods` periods.
    func project(extraPartners extra: Int = 0, periods: Int? = nil, extraCategories: Int = 0, extraSources: Int = 0) throws -> Grant {
        var json = String(decoding: try Repository.bytes("Fixtures/lli-59-open-leadership/project.json"), as: UTF8.self)
        let categories = (0..<extraCategories).map { #"{ "id": "c\#($0)", "name": "Category \#($0)" }"# }
        if !categories.isEmpty { json = json.replacingOccurrences(of: #""costCategories": ["#, with: #""costCategories": ["# + categories.joined(separator: ", ") + ", ") }
        let sources = (0..<extraSources).map { #"{ "id": "s\#($0)", "kind": "partner-contribution", "contributionType": "public" }"# }
        if !sources.isEmpty { json = json.replacingOccurrences(of: #""fundingSources": ["#, with: #""fundingSources": ["# + sources.joined(separator: ", ") + ", ") }
        let added = (0..<extra).map { #"{ "id": "X\#($0)", "role": "partner", "name": "Extra \#($0)", "country": "LV", "approved": [{ "source": "ERDF", "amount": "1.00" }], "approvedTotal": "1.00" }"# }
        if !added.isEmpty { json = json.replacingOccurrences(of: #""partners": ["#, with: #""partners": ["# + added.joined(separator: ", ") + ", ") }
        if let periods {
            var list: [String] = []
            var start = CalendarDate(year: 2017, month: 5, day: 1)!
            for number in 1...periods {
                list.append(#"{ "number": \#(number), "start": "\#(start)", "end": "\#(start)" }"#)
                start = start.nextDay
            }
            let range = json.range(of: #""reportingPeriods": ["#)!.lowerBound..<json.range(of: #""partners": ["#)!.lowerBound
            json.replaceSubrange(range, with: #""reportingPeriods": ["# + list.joined(separator: ", ") + "],\n  ")
            json = json.replacingOccurrences(of: #""end": "2019-04-30""#, with: #""end": "2030-12-31""#)
        }
        let lines = try Repository.bytes("Fixtures/lli-59-open-leadership/budget-lines.csv")
        return try ProjectFolderReader().read(projectJSON: Array(json.utf8), file: "project.json") { _ in (periods == nil ? lines : Array("partner,category,period,source,amount\n".utf8), "budget-lines.csv") }
    }

    @Test("a project may have 1,000 partners, not 1,001")
    func partners() throws {
        #expect(try project(extraPartners: Limits.projectPartnersMax - 2).partners.count == 1_000)
        #expect(throws: InputError(file: "project.json", location: .entry("partners", line: 35, column: 15), problem: "the list has 1001 partners, more than the 1000 a project may have")) {
            try project(extraPartners: Limits.projectPartnersMax - 1)
        }
    }

    @Test("a project may have 120 reporting periods, not 121")
    func periods() throws {
        #expect(try project(periods: Limits.reportingPeriodsMax).reportingPeriods.count == 120)
        #expect(throws: InputError(file: "project.json", location: .entry("reportingPeriods", line: 29, column: 23), problem: "the list has 121 reporting periods, more than the 120 a project may have")) {
            try project(periods: Limits.reportingPeriodsMax + 1)
        }
    }

    @Test("a project may have 100 cost categories and 100 funding sources, not 101")
    func categoriesAndSources() throws {
        #expect(try project(extraCategories: Limits.costCategoriesMax - 5).costCategories.count == 100)
        #expect(try project(extraSources: Limits.fundingSourcesMax - 3).fundingSources.count == 100)
        #expect {
            try project(extraSources: Limits.fundingSourcesMax - 2)
        } throws: { ($0 as? InputError)?.problem == "the list has 101 funding sources, more than the 100 a project may have" }
        #expect {
            try project(extraCategories: Limits.costCategoriesMax - 4)
        } throws: { ($0 as? InputError)?.problem == "the list has 101 cost categories, more than the 100 a project may have" }
    }
}
