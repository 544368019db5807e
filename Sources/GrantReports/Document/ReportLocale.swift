import GrantCore

/// The language of labels and the way numbers are written in a report.
public enum ReportLocale: String, Sendable, CaseIterable {
    case en, lv

    /// How amounts are written for people in this locale.
    public var amountFormat: AmountFormat { self == .en ? .en : .lv }

    /// The label for `key` in this locale; the English text is the key.
    public func label(_ english: String) -> String {
        guard self == .lv else { return english }
        return Self.latvian[english] ?? english
    }

    /// A percentage in hundredths of a percent, written with two decimals: `85.00%` / `85,00%`.
    public func percent(_ hundredths: Int64?) -> String {
        guard let hundredths else { return "-" }
        let sign = hundredths < 0 ? "-" : ""
        let magnitude = hundredths.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100)\(self == .en ? "." : ",")\(fraction < 10 ? "0" : "")\(fraction)%"
    }

    private static let latvian: [String: String] = [
        "Budget vs actual": "Budžeta izpilde",
        "Co-financing statement": "Līdzfinansējuma pārskats",
        "List of expenditure": "Izdevumu saraksts",
        "Findings": "Konstatējumi",
        "Project": "Projekts",
        "Periods": "Periodi",
        "Rule pack": "Noteikumu kopa",
        "Ledger state": "Virsgrāmatas stāvoklis",
        "Partner": "Partneris",
        "Category": "Kategorija",
        "Period": "Periods",
        "Budget": "Budžets",
        "Declared": "Deklarēts",
        "Certified": "Apstiprināts",
        "Remaining": "Atlikums",
        "Used": "Izlietots",
        "Total": "Kopā",
        "Subtotal": "Starpsumma",
        "Programme funds": "Programmas finansējums",
        "National public": "Valsts publiskais",
        "Automatic public": "Automātiskais publiskais",
        "Private": "Privātais",
        "Programme rate": "Programmas likme",
        "Cap": "Maksimālā likme",
        "Entry": "Ieraksts",
        "Invoice": "Rēķins",
        "Supplier": "Piegādātājs",
        "Invoice date": "Rēķina datums",
        "Payment date": "Apmaksas datums",
        "Currency": "Valūta",
        "Gross": "Summa ar PVN",
        "Rate": "Kurss",
        "Deducted": "Atskaitīts",
        "Reason": "Iemesls",
        "Severity": "Nozīmīgums",
        "Rule": "Noteikums",
        "Where": "Kur",
        "Message": "Apraksts",
        "Expected": "Sagaidāms",
        "Found": "Konstatēts",
        "Difference": "Starpība",
        "page": "lapa",
        "of": "no",
        "Approved budget": "Apstiprinātais budžets",
        "Certified expenditure": "Apstiprinātie izdevumi",
        "Budget and declared per partner": "Budžets un deklarētais pa partneriem",
        "Budget and declared per category": "Budžets un deklarētais pa kategorijām",
        "Declared per period": "Deklarētais pa periodiem",
        "No findings.": "Konstatējumu nav.",
        "Payment claim": "Maksājuma pieprasījums",
        "Claimed": "Pieprasīts",
        "Received": "Saņemts",
        "Outstanding": "Nesaņemts",
        "Scope": "Tvērums",
        "Partner report": "Partnera pārskats",
        "State": "Statuss",
        "Control started": "Pārbaude sākta",
        "Figures after control": "Summas pēc pārbaudes",
        "Parked": "Atlikts",
        "Flat rate": "Vienotā likme",
        "Certified base": "Apstiprinātā bāze",
        "Parked base": "Atliktā bāze",
        "Flat rates recomputed": "Pārrēķinātās vienotās likmes",
        "Sample": "Izlase",
        "Taken by": "Atlasīts pēc",
        "Verdict": "Lēmums",
        "Deductions": "Atskaitījumi",
        "Code": "Kods",
        "Error": "Kļūda",
        "Note": "Piezīme",
        "Error projection": "Kļūdu projekcija",
        "Figure": "Rādītājs",
        "Amount": "Summa",
        "How": "Aprēķins",
        "Sign-off": "Apstiprinājums",
        "Item": "Postenis",
        "Value": "Vērtība",
        "Control report": "Pārbaudes ziņojums",
        "Control certificate": "Pārbaudes apliecinājums",
        "Status": "Stāvoklis",
        "Absorption": "Apguve",
        "Open findings": "Atklātie konstatējumi",
        "Partner reports": "Partneru pārskati",
        "Project report": "Projekta pārskats",
        "Certified partner reports": "Apstiprinātie partneru pārskati",
        "By cost category": "Pa izmaksu kategorijām",
        "Reports": "Pārskati",
        "Project-wide": "Viss projekts",
        "Correction": "Korekcija",
        "project": "projekts",
    ]
}
