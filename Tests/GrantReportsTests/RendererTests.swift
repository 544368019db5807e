import Foundation
import Testing
import GrantCore
@testable import GrantReports

@Suite("Report renderers")
struct RendererTests {
    static func document(partner: String) throws -> ReportDocument {
        let amount = try Money(minorUnits: -123_456, currency: .euro)
        let table = ReportTable(columns: [ReportColumn(key: "partner", label: "Partner", isNumeric: false),
                                          ReportColumn(key: "amount", label: "Amount", isNumeric: true)],
                                rows: [ReportRow([.text(partner), .amount(amount)]), ReportRow([.text("Total"), .amount(amount)], kind: .total)])
        return ReportDocument(id: "test", title: "Test", facts: [("Project", "X")], sections: [ReportSection(title: nil, table: table)], locale: .en)
    }

    @Test("a formula in a text cell is neutralised; amounts stay numbers", arguments: ["=HYPERLINK(\"x\")", "+1", "-1", "@SUM(A1)"])
    func csvNeutralises(name: String) throws {
        let csv = CSVRenderer().render(try Self.document(partner: name))
        let quoted = name.contains("\"") ? "\"'" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : "'" + name
        #expect(csv.contains("\r\n\(quoted),-1234.56\r\n"))
    }

    @Test("the Latvian Excel form has a byte-order mark, semicolons and decimal commas")
    func excel() throws {
        let csv = CSVRenderer(excel: true).render(try Self.document(partner: "Latgales plānošanas reģions"))
        #expect(csv.hasPrefix("\u{FEFF}Test\r\n"))
        #expect(csv.contains("\r\nLatgales plānošanas reģions;-1234,56\r\n"))
    }

    @Test("HTML escapes every text, so a <script> partner is shown, not run")
    func htmlEscapes() throws {
        let html = HTMLRenderer().render(try Self.document(partner: "<script>alert('x')</script> & \"co\""))
        #expect(html.contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;</td>"))
        #expect(!html.contains("<script>"))
    }

    @Test("text pages repeat the column headings and count pages")
    func textPages() throws {
        let rows = try (1...120).map { ReportRow([.text("Partner \($0)"), .amount(try Money(minorUnits: Int64($0) * 100, currency: .euro))]) }
        let table = ReportTable(columns: [ReportColumn(key: "partner", label: "Partner", isNumeric: false),
                                          ReportColumn(key: "amount", label: "Amount", isNumeric: true)], rows: rows)
        let document = ReportDocument(id: "t", title: "Long", facts: [("Project", "X")], sections: [ReportSection(title: nil, table: table)], locale: .lv)
        let text = TextRenderer(width: 80, pageLines: 40).render(document)
        let pages = text.components(separatedBy: "\n\u{0C}\n")
        #expect(pages.count == 4)
        #expect(pages.allSatisfy { $0.contains("Partner") && $0.contains("Amount") })
        #expect(pages.last?.hasSuffix("lapa 4 no 4\n") == true)
        #expect(pages[1].contains("Partner 36") && pages[1].contains("36,00"))
    }
}
