import GrantCore

extension ReportCell {
    /// The cell as people read it in `locale`: `1,234.50`, `85.00%`.
    func display(_ locale: ReportLocale) -> String {
        switch self {
        case .text(let text): text
        case .amount(let money): locale.amountFormat.format(money)
        case .percent(let hundredths): locale.percent(hundredths)
        case .number(let number): String(number)
        case .empty: ""
        }
    }
}
