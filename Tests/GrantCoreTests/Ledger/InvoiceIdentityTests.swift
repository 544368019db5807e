import GrantCore
import Testing

@Suite("The same invoice, however it is spelled")
struct InvoiceIdentityTests {
    static let original = InvoiceIdentity(supplier: "SIA Datortehnika", number: "DT-88213")

    /// Spellings of supplier SIA Datortehnika, invoice DT-88213, each hiding the repeat one way.
    static let evasions: [(String, String, String)] = [
        ("upper and lower case", "sia DATORTEHNIKA", "dt-88213"),
        ("full-width digits and letters", "SIA Datortehnika", "ＤＴ-８８２１３"),
        ("zero-width space", "SIA Dator\u{200B}tehnika", "DT-88\u{200B}213"),
        ("word joiner", "SIA Datortehnika", "DT\u{2060}-88213"),
        ("soft hyphen", "SIA Dator\u{00AD}tehnika", "DT-88213"),
        ("no-break space", "SIA\u{00A0}Datortehnika", "DT-\u{00A0}88213"),
        ("narrow no-break space and tab", "SIA\u{202F}\tDatortehnika", "DT-88213"),
        ("doubled and trailing spaces", "SIA   Datortehnika  ", " DT-88213 "),
        ("bidi marks", "\u{200E}SIA Datortehnika\u{200F}", "\u{202A}DT-88213\u{202C}"),
        ("isolates and byte-order mark", "\u{FEFF}SIA Datortehnika", "\u{2066}DT-88213\u{2069}"),
        ("Cyrillic а, о, е, т, Т and Н", "SIA Dаtоrtеhnikа", "DТ-88213"),
        ("Greek Ο, Τ and Ι", "SΙA DatΟrtehnika", "DΤ-88213"),
        ("typographic quotes around the name", "SIA „Datortehnika“", "DT-88213"),
        ("ASCII quotes around the name", "SIA \"Datortehnika\"", "DT-88213"),
        ("en dash", "SIA Datortehnika", "DT–88213"),
        ("minus sign", "SIA Datortehnika", "DT\u{2212}88213"),
        ("non-breaking hyphen", "SIA Datortehnika", "DT\u{2011}88213"),
        ("Arabic-Indic digits", "SIA Datortehnika", "DT-٨٨٢١٣"),
        ("mathematical bold letters", "SIA 𝐃atortehnika", "DT-88213"),
        ("circled digit", "SIA Datortehnika", "DT-88②13"),
        ("combining grapheme joiner and variation selector", "SIA Dator\u{034F}tehnika\u{FE0F}", "DT-88213"),
    ]

    @Test("each evasion folds to the original's identity and key", arguments: evasions)
    func evasion(_ evasion: (String, String, String)) {
        let spelled = InvoiceIdentity(supplier: evasion.1, number: evasion.2)
        #expect(spelled == Self.original, "\(evasion.0)")
        #expect(spelled.key == Self.original.key, "\(evasion.0)")
        #expect(InvoiceIdentity.key(supplierBytes: Array(evasion.1.utf8), numberBytes: Array(evasion.2.utf8)) == Self.original.key)
    }

    @Test("a precomposed letter and its decomposed spelling are one supplier; a ligature folds to its letters")
    func canonicalAndCompatibility() {
        #expect(InvoiceIdentity(supplier: "Latgales plānošanas reģions", number: "1")
                == InvoiceIdentity(supplier: "Latgales pla\u{0304}nos\u{030C}anas reg\u{0327}ions", number: "1"))
        #expect(InvoiceIdentity(supplier: "ﬁrma", number: "Ⅻ") == InvoiceIdentity(supplier: "FIRMA", number: "xii"))
        #expect(InvoiceIdentity(supplier: "Straße", number: "1") == InvoiceIdentity(supplier: "STRASSE", number: "1"))
    }

    @Test("different invoices stay different: another number, a diacritic, supplier and number not run together")
    func different() {
        #expect(InvoiceIdentity(supplier: "SIA Datortehnika", number: "DT-88214") != Self.original)
        #expect(InvoiceIdentity(supplier: "SIA Ēdene", number: "1") != InvoiceIdentity(supplier: "SIA Edene", number: "1"))
        #expect(InvoiceIdentity(supplier: "AB", number: "C").key != InvoiceIdentity(supplier: "A", number: "BC").key)
    }

    @Test("every ASCII character folds the same by the short path and by the Unicode path")
    func asciiPathAgrees() {
        for byte in UInt8(0)..<0x80 {
            let text = "x" + String(UnicodeScalar(byte)) + "y"
            var slow: [UInt8] = []
            InvoiceFolding.fold(Array((text + "é").utf8), into: &slow)
            let fast = InvoiceFolding.folded(text) + InvoiceFolding.folded("é")
            #expect(fast == slow, "byte \(byte)")
        }
    }

    @Test("the in-place key of the fast readers equals the identity's key, for every ASCII character and for letters beyond")
    func inPlaceKey() {
        for byte in UInt8(0)..<0x80 {
            for text in ["x" + String(UnicodeScalar(byte)) + "Y", "ā" + String(UnicodeScalar(byte))] {
                let supplier = Array(text.utf8), number = Array("N-\(byte)".utf8)
                let inPlace = supplier.withUnsafeBufferPointer { s in
                    number.withUnsafeBufferPointer { InvoiceIdentity.key(supplierBytes: s, numberBytes: $0) }
                }
                #expect(inPlace == InvoiceIdentity(supplier: text, number: "N-\(byte)").key, "byte \(byte)")
            }
        }
    }
}
