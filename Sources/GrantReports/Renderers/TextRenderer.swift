/// Fixed-width pages, ready to print or turn into PDF: each page starts with a header naming
/// the project and the report, repeats the table's column headings, and ends with "page X of Y".
public struct TextRenderer: Sendable {
    /// Columns per line: 80 or 132.
    public let width: Int
    /// Lines per page, header and footer included.
    public let pageLines: Int

    public init(width: Int = 132, pageLines: Int = 60) {
        precondition(width >= 60 && pageLines >= 20, "A page holds a table")
        self.width = width
        self.pageLines = pageLines
    }

    public func render(_ document: ReportDocument) -> String {
        var body: [Line] = document.facts.flatMap { fact in
            TextLayout.wrapped("\(fact.label): \(fact.value)", width: width, indent: "", hanging: "  ").map(Line.plain)
        } + [.plain("")]
        for section in document.sections {
            if let title = section.title { body += [.plain(title), .plain("")] }
            let parts = Layout.parts(of: section.table, width: width, locale: document.locale)
            for (number, part) in parts.enumerated() {
                if parts.count > 1 {
                    let shown = part.columns.dropFirst(part.keyCount).map(\.label).joined(separator: ", ")
                    body += TextLayout.wrapped("Part \(number + 1) of \(parts.count) (the table is wider than \(width) columns): \(shown)",
                                               width: width, indent: "", hanging: "  ").map(Line.plain)
                }
                let layout = Layout(table: part.table, width: width, locale: document.locale)
                let heading = layout.headingLines
                let rule = layout.rule
                body.append(.heading(heading))
                for (index, row) in part.table.rows.enumerated() {
                    // A total's rule and its lines stay together on one page, as do a wrapped row's lines.
                    let lines = (row.kind != .line ? [rule] : []) + layout.lines(forRow: index)
                    body.append(.row(lines, heading: heading))
                }
                if number + 1 < parts.count { body.append(.plain("")) }
            }
            body += section.notes.flatMap { TextLayout.wrapped($0, width: width, indent: "") }.map(Line.plain)
            body.append(.plain(""))
        }
        return paginate(body, title: document.title, project: document.facts.first?.value ?? "", locale: document.locale)
    }

    /// A line of the body: plain text, the column headings, or a table row that needs the
    /// headings repeated when it starts a page.
    enum Line {
        case plain(String)
        case heading([String])
        case row([String], heading: [String])
    }

    private func paginate(_ body: [Line], title: String, project: String, locale: ReportLocale) -> String {
        let header = [fit("\(project) — \(title)"), String(repeating: "=", count: width)]
        let capacity = pageLines - header.count - 2  // A blank line and the footer close each page.
        var pages: [[String]] = [[]]
        var currentHeading: [String]?
        for line in body {
            var lines: [String]
            switch line {
            case .plain(let text):
                lines = [fit(text)]
                currentHeading = nil
            case .heading(let heading):
                lines = heading
                currentHeading = heading
            case .row(let rowLines, let heading):
                lines = rowLines
                currentHeading = heading
            }
            if pages[pages.count - 1].count + lines.count > capacity {
                pages.append([])
                if case .row = line, let heading = currentHeading { pages[pages.count - 1] += heading }
            }
            pages[pages.count - 1] += lines
        }
        return pages.enumerated().map { index, lines in
            let footer = "\(locale.label("page")) \(index + 1) \(locale.label("of")) \(pages.count)"
            let padding = Array(repeating: "", count: capacity - lines.count)
            return (header + lines + padding + ["", TextLayout.right(footer, width)]).map(trimmed).joined(separator: "\n")
        }.joined(separator: "\n\u{0C}\n") + "\n"
    }

    private func fit(_ text: String) -> String { text.count <= width ? text : String(text.prefix(width - 1)) + "…" }

    private func trimmed(_ line: String) -> String {
        var line = line
        while line.last == " " { line.removeLast() }
        return line
    }

    /// Column widths for one table, wrapping the widest text columns when the table is too wide.
    struct Layout {
        let table: ReportTable
        let widths: [Int]
        let locale: ReportLocale
        /// Each row's cells as displayed, written once for both the widths and the lines.
        let displayed: [[String]]
        /// Which columns hold numbers (right-aligned, never wrapped).
        let numeric: [Bool]

        init(table: ReportTable, width: Int, locale: ReportLocale) {
            self.table = table
            self.locale = locale
            let displayed = table.rows.map { $0.cells.map { $0.display(locale) } }
            self.displayed = displayed
            numeric = table.columns.map(\.isNumeric)
            var widths = table.columns.enumerated().map { index, column in
                max(column.label.count, displayed.map { $0[index].count }.max() ?? 0, 1)
            }
            let floors = Self.floors(table, displayed: displayed)
            let available = width - (table.columns.count - 1)
            // Shrink the widest column that may shrink (text wraps; a heading wraps at its words),
            // one character at a time, until the table fits.
            while widths.reduce(0, +) > available {
                guard let widest = widths.indices.filter({ widths[$0] > floors[$0] }).max(by: { widths[$0] < widths[$1] }) else { break }
                widths[widest] -= 1
            }
            self.widths = widths
        }

        /// The narrowest each column may be: a number column its widest value and its heading's
        /// longest word; a text column its minimum width.
        static func floors(_ table: ReportTable, displayed: [[String]]) -> [Int] {
            table.columns.enumerated().map { index, column in
                guard column.isNumeric else { return column.minimumWidth }
                let word = column.label.split(separator: " ").map(\.count).max() ?? 1
                return max(displayed.map { $0[index].count }.max() ?? 0, word, 1)
            }
        }

        /// A table cut into parts that each fit `width`, each repeating the leading text columns
        /// (what a row is about); one part when the table fits.
        static func parts(of table: ReportTable, width: Int, locale: ReportLocale) -> [(table: ReportTable,
                                                                                        columns: [ReportColumn], keyCount: Int)] {
            let displayed = table.rows.map { $0.cells.map { $0.display(locale) } }
            let floors = floors(table, displayed: displayed)
            func fits(_ columns: [Int], _ widths: [Int]) -> Bool { columns.map { widths[$0] }.reduce(0, +) + columns.count - 1 <= width }
            let all = Array(table.columns.indices)
            guard !fits(all, floors) else { return [(table, table.columns, 0)] }
            // Parts are filled at a comfortable width (long text wrapped at about 24 characters),
            // so no column is squeezed only to get one more into a part.
            let comfortable = table.columns.enumerated().map { index, column in
                let natural = max(column.label.count, displayed.map { $0[index].count }.max() ?? 0, 1)
                return column.isNumeric ? max(natural, floors[index]) : min(natural, max(column.minimumWidth, 24))
            }
            // What a row is about: the first column, and the text columns after it while they take
            // at most half the width.
            var keys = [0]
            for index in all.dropFirst().prefix(2) where !table.columns[index].isNumeric && keys.count == index {
                guard fits(keys + [index], comfortable), comfortable[...index].reduce(0, +) + index <= width / 2 else { break }
                keys.append(index)
            }
            var groups: [[Int]] = [[]]
            for index in all.dropFirst(keys.count) {
                if !groups[groups.count - 1].isEmpty, !fits(keys + groups[groups.count - 1] + [index], comfortable) { groups.append([]) }
                groups[groups.count - 1].append(index)
            }
            return groups.map { group in
                let chosen = keys + group
                let columns = chosen.map { table.columns[$0] }
                let rows = table.rows.map { row in ReportRow(chosen.map { row.cells[$0] }, kind: row.kind) }
                return (ReportTable(columns: columns, rows: rows), columns, keys.count)
            }
        }

        var headingLines: [String] {
            lines(for: table.columns.map(\.label), wrapNumbers: true) + [rule]
        }

        var rule: String { widths.map { String(repeating: "-", count: $0) }.joined(separator: " ") }

        func lines(forRow row: Int) -> [String] {
            lines(for: displayed[row])
        }

        private func lines(for texts: [String], wrapNumbers: Bool = false) -> [String] {
            let wrapped = texts.enumerated().map { index, text -> [String] in
                if (numeric[index] && !wrapNumbers) || text.count <= widths[index] { return [text] }
                return TextLayout.wrapped(text, width: widths[index], indent: "").flatMap { line in
                    line.count <= widths[index] ? [line] : stride(from: 0, to: line.count, by: widths[index]).map {
                        String(Array(line)[$0..<min(line.count, $0 + widths[index])])
                    }
                }
            }
            let height = wrapped.map(\.count).max() ?? 1
            return (0..<height).map { lineIndex in
                wrapped.enumerated().map { index, parts in
                    let text = lineIndex < parts.count ? parts[lineIndex] : ""
                    return numeric[index] ? TextLayout.right(text, widths[index]) : TextLayout.left(text, widths[index])
                }.joined(separator: " ")
            }
        }
    }
}
