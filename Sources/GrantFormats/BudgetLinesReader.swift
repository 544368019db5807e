import GrantCore

/// Reads a budget-lines CSV: `partner,category,period,source,amount`, one approved amount per
/// line, every id one the project defines.
struct BudgetLinesReader {
    let currency: Currency
    let partnerIDs: [String]
    let categoryIDs: [String]
    let periodNumbers: [Int]
    let sourceIDs: [String]

    static let header = ["partner", "category", "period", "source", "amount"]

    func read(_ bytes: [UInt8], file: String) throws(InputError) -> [BudgetLine] {
        let document = try CSVDocument(bytes: bytes, file: file)
        let header = document.records[0]
        guard header.fields.map({ HeaderText.normalized($0.text) }) == Self.header else {
            throw InputError(file: file, location: .line(header.line),
                             problem: "expected the header \(Self.header.joined(separator: String(document.delimiter)))")
        }
        let records = document.records.dropFirst()
        let amounts = try AmountCells(records.compactMap { $0.fields.count == 5 ? $0.fields[4] : nil },
                                      currency: currency, forced: nil, file: file)
        var lines: [BudgetLine] = []
        var seen = Set<Combination>()
        let periodTexts = periodNumbers.map(String.init)
        for record in records {
            guard record.fields.count == 5 else {
                throw InputError(file: file, location: .line(record.line), problem: "the line has \(record.fields.count) fields; expected 5: \(Self.header.joined(separator: ", "))")
            }
            let fields = record.fields
            let partner = try known(fields[0], in: partnerIDs, what: "partner", file: file)
            let category = try known(fields[1], in: categoryIDs, what: "cost category", file: file)
            let periodText = try known(fields[2], in: periodTexts, what: "reporting period", file: file)
            let source = try known(fields[3], in: sourceIDs, what: "funding source", file: file)
            guard seen.insert(Combination(partner: partner, category: category, period: periodText, source: source)).inserted else {
                throw InputError(file: file, location: .line(record.line),
                                 problem: "a second line for partner \(partner), category \(category), period \(periodText), source \(source); each combination has one line")
            }
            lines.append(BudgetLine(partnerID: partner, categoryID: category, periodNumber: Int(periodText)!, sourceID: source,
                                    amount: try amounts.amount(fields[4], column: "amount", file: file)))
        }
        return lines
    }

    /// What one budget line is for; each has at most one line.
    private struct Combination: Hashable {
        let partner, category, period, source: String
    }

    private func known(_ field: CSVField, in ids: [String], what: String, file: String) throws(InputError) -> String {
        let text = field.text.trimmingSpaces
        guard ids.contains(text) else {
            throw InputError(file: file, location: .cell(line: field.line, column: field.column),
                             problem: "\(what) \"\(text)\" is not defined in the project; expected one of \(ids.joined(separator: ", "))")
        }
        return text
    }
}
