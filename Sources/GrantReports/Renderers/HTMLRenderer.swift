import GrantCore

/// One self-contained HTML file: the facts, the tables, and inline SVG bar charts. Every text
/// is escaped, so a partner named `<script>` is shown, never run.
public struct HTMLRenderer: Sendable {
    public init() {}

    public func render(_ document: ReportDocument) -> String {
        let locale = document.locale
        var html = """
        <!DOCTYPE html>
        <html lang="\(locale.rawValue)">
        <head>
        <meta charset="utf-8">
        <title>\(escape(document.title)) — \(escape(document.facts.first?.value ?? ""))</title>
        <style>
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em; color: #222; }
        table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; }
        th, td { border-bottom: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
        th { background: #f2f2f2; }
        td.n, th.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
        tr.subtotal td { font-weight: bold; background: #fafafa; }
        tr.total td { font-weight: bold; border-top: 2px solid #444; }
        dl { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
        dt { font-weight: bold; }
        figure { margin: 1em 0; }
        </style>
        </head>
        <body>
        <h1>\(escape(document.title))</h1>
        <dl>

        """
        for fact in document.facts { html += "<dt>\(escape(fact.label))</dt><dd>\(escape(fact.value))</dd>\n" }
        html += "</dl>\n"
        for chart in document.charts { html += svg(chart, locale: locale) }
        for section in document.sections {
            if let title = section.title { html += "<h2>\(escape(title))</h2>\n" }
            html += table(section.table, locale: locale)
            for note in section.notes { html += "<p>\(escape(note))</p>\n" }
        }
        return html + "</body>\n</html>\n"
    }

    private func table(_ table: ReportTable, locale: ReportLocale) -> String {
        var html = "<table>\n<thead><tr>"
        for column in table.columns { html += "<th\(column.isNumeric ? " class=\"n\"" : "")>\(escape(column.label))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for row in table.rows {
            html += row.kind == .line ? "<tr>" : "<tr class=\"\(row.kind.rawValue)\">"
            for (cell, column) in zip(row.cells, table.columns) {
                html += "<td\(column.isNumeric ? " class=\"n\"" : "")>\(escape(cell.display(locale)))</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody>\n</table>\n"
    }

    /// A grouped bar chart, scaled to the largest value, in integer SVG coordinates.
    private func svg(_ chart: ReportChart, locale: ReportLocale) -> String {
        let colours = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759"]
        let groupWidth = 24 * chart.series.count + 24
        // Wide enough for the bars, the legend and the title.
        let width = max(80 + groupWidth * max(chart.groups.count, 1), 100 + 140 * chart.series.count, 20 + 8 * chart.title.count)
        let height = 240
        let plotHeight = 160
        let largest = chart.groups.flatMap(\.values).map(\.minorUnits).max() ?? 0
        var svg = "<figure>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"\(escape(chart.title))\">\n"
        svg += "<text x=\"10\" y=\"16\" font-size=\"14\" font-weight=\"bold\">\(escape(chart.title))</text>\n"
        svg += "<line x1=\"70\" y1=\"\(30 + plotHeight)\" x2=\"\(width - 10)\" y2=\"\(30 + plotHeight)\" stroke=\"#444\"/>\n"
        if largest > 0 {
            svg += "<text x=\"66\" y=\"36\" font-size=\"10\" text-anchor=\"end\">\(escape(locale.amountFormat.format(Money.euros(largest))))</text>\n"
        }
        for (groupIndex, group) in chart.groups.enumerated() {
            let x0 = 80 + groupIndex * groupWidth
            for (seriesIndex, value) in group.values.enumerated() {
                let barHeight = largest > 0 ? Int(Int128(max(value.minorUnits, 0)) * Int128(plotHeight) / Int128(largest)) : 0
                svg += "<rect x=\"\(x0 + seriesIndex * 24)\" y=\"\(30 + plotHeight - barHeight)\" width=\"20\" height=\"\(barHeight)\" fill=\"\(colours[seriesIndex % colours.count])\"><title>\(escape(group.label)): \(escape(chart.series[seriesIndex])) \(escape(locale.amountFormat.format(value)))</title></rect>\n"
            }
            svg += "<text x=\"\(x0)\" y=\"\(48 + plotHeight)\" font-size=\"11\">\(escape(group.label))</text>\n"
        }
        for (index, series) in chart.series.enumerated() {
            let y = 30 + plotHeight + 34
            svg += "<rect x=\"\(80 + index * 140)\" y=\"\(y - 10)\" width=\"10\" height=\"10\" fill=\"\(colours[index % colours.count])\"/>"
            svg += "<text x=\"\(94 + index * 140)\" y=\"\(y)\" font-size=\"11\">\(escape(series))</text>\n"
        }
        return svg + "</svg>\n</figure>\n"
    }

    /// HTML text with `&`, `<`, `>`, `"` and `'` escaped.
    func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}

private extension Money {
    /// Euro cents known to be in range (a chart's largest bar).
    static func euros(_ minorUnits: Int64) -> Money { (try? Money(minorUnits: minorUnits, currency: .euro)) ?? .zero(.euro) }
}
