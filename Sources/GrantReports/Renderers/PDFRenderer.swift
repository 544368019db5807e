/// A4 pages written by the project's own PDF writer: the facts, then each table with its column
/// headings repeated at the top of every page, amounts right-aligned by the fonts' real widths,
/// subtotals and totals in bold under a rule, and "page X of Y" at the foot. A table too wide
/// for a portrait page goes landscape, then to a smaller size, then wraps its widest text; a
/// fact too long for a line (a signed chain head) wraps. Set in DejaVu Sans, embedded with the
/// glyphs the document uses (`EmbeddedFont`). All measures are whole thousandths of a point.
public struct PDFRenderer: Sendable {
    public init() {}

    static let margin = 36_000
    static let portrait = (width: 595_276, height: 841_890)

    public func render(_ document: ReportDocument) -> [UInt8] {
        let landscape = document.sections.contains { !Layout.fits($0.table, size: 8, width: Self.portrait.width - 2 * Self.margin, locale: document.locale) }
        let (pageWidth, pageHeight) = landscape ? (Self.portrait.height, Self.portrait.width) : (Self.portrait.width, Self.portrait.height)
        var pages: [[Line]] = [[]]
        let usable = pageHeight - 2 * Self.margin - 40_000  // Room for the page header and footer.
        var used = 0
        func add(_ line: Line, heading: [Line] = []) {
            if used + line.height > usable {
                pages.append([])
                used = 0
                for repeated in heading { pages[pages.count - 1].append(repeated); used += repeated.height }
            }
            pages[pages.count - 1].append(line)
            used += line.height
        }
        for fact in document.facts {
            for piece in Self.wrap(fact.label + ": " + fact.value, width: pageWidth - 2 * Self.margin, font: .regular, size: 8) {
                add(Line(cells: [(piece, 0, false)], size: 8, bold: false, rule: false))
            }
        }
        add(Line(cells: [], size: 8, bold: false, rule: false))
        for section in document.sections {
            if let title = section.title { add(Line(cells: [(title, 0, false)], size: 10, bold: true, rule: false)) }
            let layout = Layout(table: section.table, width: pageWidth - 2 * Self.margin, locale: document.locale)
            let heading = layout.lines(for: section.table.columns.map { ReportCell.text($0.label) }, bold: true, rule: false, underline: true)
            heading.forEach { add($0) }
            for row in section.table.rows {
                for (index, line) in layout.lines(for: row.cells, bold: row.kind != .line, rule: row.kind != .line, underline: false).enumerated() {
                    add(Line(cells: line.cells, size: line.size, bold: line.bold, rule: line.rule && index == 0, underline: false), heading: heading)
                }
            }
            for note in section.notes {
                for piece in Self.wrap(note, width: pageWidth - 2 * Self.margin, font: .regular, size: 7) {
                    add(Line(cells: [(piece, 0, false)], size: 7, bold: false, rule: false))
                }
            }
            add(Line(cells: [], size: 8, bold: false, rule: false))
        }
        let title = "\(document.facts.first?.value ?? "") — \(document.title)"
        let locale = document.locale
        let footers = pages.indices.map { "\(locale.label("page")) \($0 + 1) \(locale.label("of")) \(pages.count)" }
        // Each font holds the glyphs of every text shown in it.
        let shown = pages.joined().flatMap { line in line.cells.map { (line.bold, $0.text) } }
        let fonts = (regular: FontSubset(.regular, texts: footers + shown.filter { !$0.0 }.map(\.1)),
                     bold: FontSubset(.bold, texts: [title] + shown.filter(\.0).map(\.1)))
        let rendered = pages.enumerated().map { index, lines in
            PDFFile.Page(widthMillipoints: pageWidth, heightMillipoints: pageHeight,
                         content: content(lines, title: title, footer: footers[index], fonts: fonts, width: pageWidth, height: pageHeight))
        }
        return PDFFile(title: title, pages: rendered, fonts: fonts).bytes()
    }

    /// `text` in lines at most `width` wide: broken at blanks, and a word wider than a line
    /// broken where it must (a hash, a signature).
    static func wrap(_ text: String, width: Int, font: EmbeddedFont, size: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if font.width(candidate, size: size) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = ""
            for character in word {
                if !current.isEmpty, font.width(current + String(character), size: size) > width {
                    lines.append(current)
                    current = ""
                }
                current.append(character)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines.isEmpty ? [""] : lines
    }

    /// One line of a page: text pieces at x offsets (right-aligned pieces end at their offset).
    struct Line {
        let cells: [(text: String, x: Int, rightAligned: Bool)]
        let size: Int
        let bold: Bool
        let rule: Bool
        var underline = false

        init(cells: [(String, Int, Bool)], size: Int, bold: Bool, rule: Bool, underline: Bool = false) {
            self.cells = cells.map { (text: $0.0, x: $0.1, rightAligned: $0.2) }
            self.size = size
            self.bold = bold
            self.rule = rule
            self.underline = underline
        }

        var height: Int { size * 1_300 }
    }

    private func content(_ lines: [Line], title: String, footer: String, fonts: (regular: FontSubset, bold: FontSubset),
                         width: Int, height: Int) -> [UInt8] {
        var operators: [String] = []
        let margin = Self.margin
        func text(_ string: String, x: Int, y: Int, size: Int, bold: Bool) {
            let encoded = (bold ? fonts.bold : fonts.regular).encode(string)
            operators.append("BT /\(bold ? "F2" : "F1") \(size) Tf \(PDFFile.number(x)) \(PDFFile.number(y)) Td \(encoded) Tj ET")
        }
        func rule(y: Int, weight: Int) {
            operators.append("\(PDFFile.number(weight)) w \(PDFFile.number(margin)) \(PDFFile.number(y)) m \(PDFFile.number(width - margin)) \(PDFFile.number(y)) l S")
        }
        var y = height - margin - 11_000
        text(title, x: margin, y: y, size: 11, bold: true)
        y -= 6_000
        rule(y: y, weight: 800)
        y -= 14_000
        for line in lines {
            if line.rule { rule(y: y + line.size * 1_000, weight: 400) }
            let font = line.bold ? EmbeddedFont.bold : EmbeddedFont.regular
            for cell in line.cells {
                let x = cell.rightAligned ? margin + cell.x - font.width(cell.text, size: line.size) : margin + cell.x
                text(cell.text, x: x, y: y, size: line.size, bold: line.bold)
            }
            if line.underline { rule(y: y - 2_500, weight: 400) }
            y -= line.height
        }
        text(footer, x: width - margin - EmbeddedFont.regular.width(footer, size: 7), y: margin - 10_000, size: 7, bold: false)
        return Array(operators.joined(separator: "\n").utf8)
    }

    /// Column offsets and wrapping for one table on a page `width` wide.
    struct Layout {
        let table: ReportTable
        let size: Int
        let widths: [Int]
        let locale: ReportLocale
        static let gap = 8_000

        static func natural(_ table: ReportTable, size: Int, locale: ReportLocale) -> [Int] {
            table.columns.enumerated().map { index, column in
                let cells = table.rows.map { $0.cells[index].display(locale) }
                let font = EmbeddedFont.bold
                return ([font.width(column.label, size: size)] + cells.map { font.width($0, size: size) }).max() ?? 0
            }
        }

        static func fits(_ table: ReportTable, size: Int, width: Int, locale: ReportLocale) -> Bool {
            natural(table, size: size, locale: locale).reduce(0, +) + gap * (table.columns.count - 1) <= width
        }

        init(table: ReportTable, width: Int, locale: ReportLocale) {
            self.table = table
            self.locale = locale
            var size = 8
            while size > 6, !Self.fits(table, size: size, width: width, locale: locale) { size -= 1 }
            self.size = size
            var widths = Self.natural(table, size: size, locale: locale)
            let available = width - Self.gap * (table.columns.count - 1)
            // Wrap the widest text column until the table fits; numbers never wrap.
            while widths.reduce(0, +) > available {
                let candidates = widths.indices.filter { !table.columns[$0].isNumeric && widths[$0] > 40_000 }
                guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= min(widths[widest] - 40_000, widths.reduce(0, +) - available)
            }
            self.widths = widths
        }

        /// The page lines of one row: text columns wrapped to their width, numbers on the first line.
        func lines(for cells: [ReportCell], bold: Bool, rule: Bool, underline: Bool) -> [Line] {
            let font = bold ? EmbeddedFont.bold : EmbeddedFont.regular
            var x = 0
            var columnsText: [[String]] = []
            var offsets: [(Int, Bool)] = []
            for (index, cell) in cells.enumerated() {
                let numeric = table.columns[index].isNumeric
                let text = cell.display(locale)
                columnsText.append(numeric ? [text] : PDFRenderer.wrap(text, width: widths[index], font: font, size: size))
                offsets.append(numeric ? (x + widths[index], true) : (x, false))
                x += widths[index] + Self.gap
            }
            let height = columnsText.map(\.count).max() ?? 1
            return (0..<height).map { lineIndex in
                let pieces = columnsText.enumerated().compactMap { column, parts -> (String, Int, Bool)? in
                    guard lineIndex < parts.count, !parts[lineIndex].isEmpty else { return nil }
                    return (parts[lineIndex], offsets[column].0, offsets[column].1)
                }
                return Line(cells: pieces, size: size, bold: bold, rule: rule, underline: underline && lineIndex == height - 1)
            }
        }
    }
}
