import GrantCore

extension ReportCell {
    /// The cell as people read it in `locale`: `1,234.50`, `85.00%`.
    func display(_ locale: ReportLocale) -> String {
        switch self {
        case .text(let text): text
        case .amount(let money): locale.amountFormat.format(money)
        case .percent(let hundredths): locale.percent(hundredths)
        case .number(let number): String(number)
        case .rate(let rate): locale == .en ? rate.description : rate.description.replacingOccurrences(".", ",")
        case .empty: ""
        }
    }
}

extension String {
    /// The text with every `target` character replaced.
    func replacingOccurrences(_ target: Character, _ replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
