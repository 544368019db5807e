import Testing
@testable import GrantCore

@Suite("How the limits relate")
struct LimitsTests {
    @Test("a field fits in a record, a record in a file")
    func sizes() {
        #expect(Limits.fieldBytesMax <= Limits.recordBytesMax)
        #expect(Limits.recordBytesMax <= Limits.inputFileBytesMax)
    }

    @Test("the invoices an audit makes room for are positions an invoice book can hold (32-bit)")
    func expectedLines() {
        #expect(Limits.expectedLinesMax > 0)
        #expect(Limits.expectedLinesMax * 2 <= Int(Int32.max))
    }

    @Test("a book made room for its invoices finds each again: a repeat of the last is the part above its gross")
    func reservedBook() throws {
        var book = InvoiceBook()
        book.reserve(invoices: 1_000)
        func add(_ number: String, declared: Int64, entry: Int64) throws -> InvoiceBook.Repeat? {
            let (supplier, written) = (Array("SIA Ūdens".utf8), Array(number.utf8))
            let gross = try Money(minorUnits: 100, currency: .euro), part = try Money(minorUnits: declared, currency: .euro)
            return try supplier.withUnsafeBufferPointer { supplier in
                try written.withUnsafeBufferPointer { written in
                    try book.add(supplier: supplier, number: written, gross: gross, declared: part,
                                 by: .init(entry: entry, partner: 0, batch: 1))
                }
            }
        }
        for number in 0..<1_000 { #expect(try add("NR-\(number)", declared: 100, entry: Int64(number)) == nil) }
        let repeated = try #require(try add("NR-999", declared: 40, entry: 5_000))
        #expect(repeated.excess.minorUnits == 40)
        #expect(repeated.earlier.map(\.entry) == [999])
    }
}
