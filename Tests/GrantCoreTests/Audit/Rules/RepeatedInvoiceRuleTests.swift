import GrantCore
import Testing
import TestSupport

@Suite("Rules duplicate.same-report, duplicate.across-reports, duplicate.across-partners")
struct DuplicateRuleTests {
    typealias P = InlineProject
    let grant = P.grant([.init("LP", programme: "85000.00", public: "15000.00"), .init("PP2", programme: "34000.00", public: "6000.00")])

    func duplicates(_ lines: [LedgerLine]) throws -> [String] {
        P.rows(try P.audit(grant, lines).filter { $0.rule.rawValue.hasPrefix("duplicate.") })
    }

    @Test("the same invoice twice in one report, in a later one, and by another partner")
    func threeScopes() throws {
        let rows = try duplicates([P.line(1, net: "500.00"), P.line(2, net: "500.00"), P.line(3, partner: "PP2", net: "500.00"),
                                   P.line(4, period: 2, net: "500.00", batch: 2)])
        #expect(rows == ["error duplicate.same-report entry 2: 0.00 500.00 500.00 500.00",
                         "error duplicate.across-partners entry 3: 0.00 500.00 500.00 500.00",
                         "error duplicate.across-reports entry 4: 0.00 500.00 500.00 500.00"])
    }

    @Test("a split invoice whose parts stay within its gross is no duplicate; the part beyond it is, by the excess")
    func splitInvoice() throws {
        // Gross 1,000.00 declared 600.00 + 400.00 (staff and external): fine. A third part of 250.00 goes 250.00 beyond.
        let parts = [P.line(1, net: "1000.00", declared: "600.00"), P.line(2, category: "external", net: "1000.00", declared: "400.00")]
        #expect(try duplicates(parts).isEmpty)
        let over = try duplicates(parts + [P.line(3, category: "travel", net: "1000.00", declared: "300.00", batch: 2)])
        #expect(over == ["error duplicate.across-reports entry 3: 0.00 300.00 300.00 300.00"])
    }

    @Test("parts beyond the gross carry only the excess: 600.00 + 500.00 of 1,000.00 is 100.00 twice")
    func partialExcess() throws {
        let rows = try duplicates([P.line(1, net: "1000.00", declared: "600.00"), P.line(2, net: "1000.00", declared: "500.00")])
        #expect(rows == ["error duplicate.same-report entry 2: 400.00 500.00 100.00 100.00"])
    }

    @Test("a credit note under the original invoice number is no duplicate")
    func creditNote() throws {
        #expect(try duplicates([P.line(1, net: "500.00"), P.line(2, net: "-500.00")]).isEmpty)
    }

    @Test("a repeat spelled another way is still found",
          arguments: [("SIA  piegādātājs", "inv-1"), ("SIA Piegādātājs", "ＩＮＶ-１"),
                      ("SIA Pieg\u{200B}ādātājs", "INV\u{00A0}-1"),
                      ("SIA Piegādātājs", "INV–1"), ("SIA „Piegādātājs“", "INV-1"), ("SIA Piegādātājs", "ІNV-1")])
    func evasions(supplier: String, invoice: String) throws {
        let rows = try duplicates([P.line(1, net: "500.00"), P.line(2, partner: "PP2", invoice: invoice,
                                                                    supplier: supplier, net: "500.00")])
        #expect(rows == ["error duplicate.across-partners entry 2: 0.00 500.00 500.00 500.00"])
    }

    @Test("a reversed repeat is not counted")
    func reversed() throws {
        #expect(try duplicates([P.line(1, net: "500.00"), P.line(2, net: "500.00", reversedBy: 3)]).isEmpty)
    }
}
