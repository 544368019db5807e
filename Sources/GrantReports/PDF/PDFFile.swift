import GrantCore

/// Writes a PDF 1.4 file from pages of content: the two embedded fonts (F1 regular, F2 bold,
/// each only the glyphs the document uses), one content stream a page, a cross-reference table.
/// No compression, no clock: the same pages give the same bytes; the file identifier is a hash
/// of the content.
struct PDFFile {
    /// A page's size and its content stream (PDF operators).
    struct Page {
        let widthMillipoints: Int
        let heightMillipoints: Int
        let content: [UInt8]
    }

    let title: String
    let pages: [Page]
    /// The regular font (F1) and the bold one (F2).
    let fonts: (regular: FontSubset, bold: FontSubset)

    func bytes() -> [UInt8] {
        var objects: [[UInt8]] = []
        let pageCount = pages.count
        let regular = 3
        let bold = regular + 5
        let firstPage = bold + 5
        objects.append(Array("<< /Type /Catalog /Pages 2 0 R >>".utf8))
        let kids = (0..<pageCount).map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
        objects.append(Array("<< /Type /Pages /Kids [\(kids)] /Count \(pageCount) >>".utf8))
        objects += fonts.regular.objects(first: regular) + fonts.bold.objects(first: bold)
        for (index, page) in pages.enumerated() {
            let size = "\(Self.number(page.widthMillipoints)) \(Self.number(page.heightMillipoints))"
            objects.append(Array(("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 \(size)] /Resources << /Font << /F1 \(regular) 0 R "
                                  + "/F2 \(bold) 0 R >> >> /Contents \(firstPage + 2 * index + 1) 0 R >>").utf8))
            objects.append(Self.stream(page.content))
        }
        objects.append(Array("<< /Title \(Self.text(title)) /Producer (GrantLedger) >>".utf8))
        let infoNumber = objects.count

        var output = Array("%PDF-1.4\n%\u{E2}\u{E3}\u{CF}\u{D3}\n".utf8)
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(output.count)
            output += Array("\(index + 1) 0 obj\n".utf8) + object + Array("\nendobj\n".utf8)
        }
        let xref = output.count
        output += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets {
            let digits = String(offset)
            output += Array((String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n").utf8)
        }
        let identifier = SHA256.hash(output).prefix(16).map { $0 }.hexadecimal
        output += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R /Info \(infoNumber) 0 R /ID [<\(identifier)> <\(identifier)>] >>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return output
    }

    /// Millipoints as a PDF number: `595`, `12.5`, `-3.125`.
    static func number(_ millipoints: Int) -> String {
        let sign = millipoints < 0 ? "-" : ""
        let magnitude = millipoints.magnitude
        var fraction = String(magnitude % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.last == "0" { fraction.removeLast() }
        return sign + String(magnitude / 1000) + (fraction.isEmpty ? "" : "." + fraction)
    }

    /// A stream object: its dictionary (`/Length` and `extra` entries), then the bytes.
    static func stream(_ bytes: [UInt8], dictionary extra: String = "") -> [UInt8] {
        Array("<< /Length \(bytes.count)\(extra.isEmpty ? "" : " " + extra) >>\nstream\n".utf8) + bytes + Array("\nendstream".utf8)
    }

    /// A PDF text string outside page content (the document title): UTF-16 with its byte order
    /// mark, in hexadecimal, so any name reads as written in a viewer's title bar.
    static func text(_ text: String) -> String {
        "<FEFF" + text.utf16.map(hex).joined() + ">"
    }

    /// Four upper-case hexadecimal digits: a two-byte code in a PDF hexadecimal string.
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}
