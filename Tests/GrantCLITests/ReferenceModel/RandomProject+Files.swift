import Foundation
import GrantCore
import TestSupport

extension RandomProject {
    /// The project folder as files: what `check FOLDER` and `report … FOLDER` read.
    func write(to folder: ScratchFolder) throws {
        try folder.write("project.json", projectJSON)
        try folder.write("budget-lines.csv", "partner,category,period,source,amount\n"
                         + budget.map { "\($0.partner),\($0.category),\($0.period),\($0.source),\(Self.amount($0.cents))" }
                             .joined(separator: "\n") + "\n")
        try folder.write("submissions.csv", "file,submitted\n" + files.map { "\($0.name),\($0.submitted)" }.joined(separator: "\n") + "\n")
        for file in files { try folder.write(file.name, bytes: expenditureBytes(file)) }
        if let rates {
            try folder.write("rates.csv", "currency,month,units_per_euro\n" + rates.keys.sorted().map { key in
                let parts = key.split(separator: " ")
                return "\(parts[0]),\(parts[1].prefix(7)),\(Self.rate(rates[key]!))"
            }.joined(separator: "\n") + "\n")
        }
        if !controls.isEmpty {
            let declared = Dictionary(uniqueKeysWithValues: Reference.numbered(self).map { ($0.entry, $0.line.declaredCents) })
            try folder.write("controls.csv", "entry,certified,reason,note\n" + controls.map { control in
                "\(control.entry),\(Self.amount(control.cents)),\(control.cents < declared[control.entry]! ? "other" : ""),"
            }.joined(separator: "\n") + "\n")
        }
        if !payments.isEmpty {
            try folder.write("payments.csv", "partner,date,amount,note\n"
                             + payments.map { "\($0.partner),\($0.date),\(Self.amount($0.cents)),Payment" }.joined(separator: "\n") + "\n")
        }
    }

    var projectJSON: String {
        let sources = [("ERDF", "\"kind\": \"programme-funds\", \"fund\": \"ERDF\"")] + Self.sourceKinds.map { ($0.id, $0.json) }
        func approvedJSON(_ partner: Partner) -> String {
            partner.approved.map { "{\"source\": \"\($0.source)\", \"amount\": \"\(Self.amount($0.cents))\"}" }.joined(separator: ", ")
        }
        let periodJSON = periods.enumerated().map { number, period in
            "{\"number\": \(number + 1), \"start\": \"\(period.start)\", \"end\": \"\(period.end)\"}"
        }.joined(separator: ", ")
        let partnerJSON = partners.enumerated().map { index, partner in
            """
                {"id": "\(partner.id)", "role": "\(index == 0 ? "lead" : "partner")",
                 "name": "Partneris \(partner.id) ā", "country": "Latvija",
                 "region": null, "vatRecoverable": \(partner.vatRecoverable),
                 "approved": [\(approvedJSON(partner))],
                 "approvedTotal": "\(Self.amount(partner.total))"}
            """
        }
        return """
            {
              "format": "grantledger-project/1",
              "programme": {"name": "Random programme (reference model, seed \(seed))", "rulePack": "\(pack.id)"},
              "project": {"code": "R-\(seed)", "acronym": "Random", "title": "Random project", "start": "\(start)", \
            "end": "\(end)", "currency": "EUR"},
              "fundingSources": [\(sources.map { "{\"id\": \"\($0.0)\", \($0.1)}" }.joined(separator: ", "))],
              "costCategories": [\(categories.map { "{\"id\": \"\($0)\", \"name\": \"\($0)\"}" }.joined(separator: ", "))],
              "reportingPeriods": [\(periodJSON)],
              "partners": [
            \(partnerJSON.joined(separator: ",\n"))
              ],
              "budgetLines": "budget-lines.csv"
            }

            """
    }

    /// An expenditure file: English and ISO, or as Excel saves it in a Latvian locale (BOM,
    /// semicolons, decimal comma, DD.MM.YYYY, Latvian headers).
    func expenditureBytes(_ file: File) -> [UInt8] {
        let english = "partner,category,period,invoice_number,supplier,invoice_date,payment_date,net,vat,gross,currency,"
            + "exchange_rate,amount_eur,description,document"
        let latvian = "Partneris;Izmaksu kategorija;Periods;Rēķina numurs;Piegādātājs;Rēķina datums;Apmaksas "
            + "datums;Summa bez PVN;PVN;Summa ar PVN;Valūta;Valūtas kurss;Summa EUR;Apraksts;Attaisnojuma dokuments"
        let separator = file.latvian ? ";" : ","
        func amount(_ cents: Int64) -> String { file.latvian ? Self.amount(cents).replacingOccurrences(of: ".",
                with: ",") : Self.amount(cents) }
        func rate(_ millionths: Int64) -> String { file.latvian ? Self.rate(millionths).replacingOccurrences(of: ".",
                with: ",") : Self.rate(millionths) }
        func day(_ day: Day?) -> String { day.map { file.latvian ? $0.latvian : $0.description } ?? "" }
        func quoted(_ text: String) -> String {
            text.contains(separator) || text.contains("\"") ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var text = (file.latvian ? "\u{FEFF}" + latvian : english) + "\n"
        for (index, line) in file.lines.enumerated() {
            let fields = [line.partner, line.category, String(line.period), quoted(line.numberWritten),
                          quoted(line.supplierWritten), day(line.invoiceDate),
                          day(line.paymentDate), amount(line.netCents), amount(line.vatCents), amount(line.grossCents), line.currency,
                          line.ownRate.map(rate) ?? "", line.declaredCell.map(amount) ?? "", quoted("Apraksts \(index), ar komatu"),
                          "D/\(index)"]
            text += fields.joined(separator: separator) + (file.latvian ? "\r\n" : "\n")
        }
        return Array(text.utf8)
    }

    /// `1234.56`, `-0.07`: cents as a file writes them.
    static func amount(_ cents: Int64) -> String {
        let magnitude = cents.magnitude
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + String(format: "%02d", Int(magnitude % 100))
    }

    /// `4.25`, `0.8872`: millionths as a rate, without trailing zeros.
    static func rate(_ millionths: Int64) -> String {
        var fraction = String(format: "%06d", Int(millionths % 1_000_000))
        while fraction.last == "0" { fraction.removeLast() }
        return "\(millionths / 1_000_000)" + (fraction.isEmpty ? "" : "." + fraction)
    }
}
