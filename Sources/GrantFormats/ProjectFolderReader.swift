import GrantCore

/// Reads a project folder: `project.json` (programme, project, partners, funding sources,
/// categories, periods, approved amounts) and the budget-lines CSV it names. See README,
/// "Project folders".
public struct ProjectFolderReader: Sendable {
    /// The format tag `project.json` must carry, so a future format is refused, not misread.
    public static let formatTag = "grantledger-project/1"

    public init() {}

    /// The grant described by `projectJSON`; `budgetLines` reads the named CSV file's bytes.
    public func read(projectJSON: [UInt8], file: String, budgetLines: (String) throws(InputError) -> (bytes: [UInt8], file: String)) throws(InputError) -> Grant {
        let root = try JSONEntry.parse(projectJSON, file: file)
        let format = try root.member("format")
        guard try format.string() == Self.formatTag else {
            throw format.error("format \"\(try format.string())\" is not one this version reads; expected \"\(Self.formatTag)\"")
        }
        let programme = try readProgramme(root.member("programme"))
        let project = try readProject(root.member("project"))
        let sources = try unique(root.member("fundingSources").elements(atMost: Limits.fundingSourcesMax, "funding sources").map(readSource), what: "funding source", id: \.id, in: root)
        let categories = try unique(root.member("costCategories").elements(atMost: Limits.costCategoriesMax, "cost categories").map(readCategory), what: "cost category", id: \.id, in: root)
        let periods = try readPeriods(root.optionalMember("reportingPeriods"), project: project, rulePack: programme.rulePack)
        guard periods.count <= Limits.reportingPeriodsMax else {
            throw try root.member("project").error("the project has \(periods.count) reporting periods, more than the \(Limits.reportingPeriodsMax) a project may have; check its start and end dates")
        }
        let partnerEntries = try root.member("partners").elements(atMost: Limits.projectPartnersMax, "partners")
        let partners = try unique(partnerEntries.map(readPartner), what: "partner", id: \.id, in: root)
        let leads = partners.filter { $0.role == .lead }
        guard leads.count == 1 else {
            let found = leads.isEmpty ? "no partner has the role \"lead\""
                : "\(leads.count) partners have the role \"lead\" (\(leads.map(\.id).joined(separator: ", ")))"
            throw try root.member("partners").error(found + "; a project has exactly one lead partner")
        }
        let approvals = try partnerEntries.map { (entry) throws(InputError) in
            try readApproval(entry, currency: project.currency, sourceIDs: Set(sources.map(\.id)))
        }
        let context = BudgetLinesReader(currency: project.currency, partnerIDs: partners.map(\.id), categoryIDs: categories.map(\.id),
                                        periodNumbers: periods.map(\.number), sourceIDs: sources.map(\.id))
        let linesEntry = try root.member("budgetLines")
        let linesName = try linesEntry.string()
        // The budget lines are part of the folder: a bare file name, never a path out of it.
        guard !linesName.isEmpty, !linesName.contains("/"), !linesName.contains("\\"), linesName != ".", linesName != ".." else {
            throw linesEntry.error("\"\(linesName)\" is not the name of a file in the project folder; expected e.g. \"budget-lines.csv\"")
        }
        let linesFile = try budgetLines(linesName)
        let lines = try context.read(linesFile.bytes, file: linesFile.file)
        let (choices, pack) = try flatRates(root.optionalMember("flatRates"), pack: programme.rulePack)
        return Grant(programme: Programme(name: programme.name, rulePack: pack), project: project, partners: partners,
                     fundingSources: sources, costCategories: categories, reportingPeriods: periods, approvals: approvals,
                     budgetLines: lines, flatRateChoices: choices)
    }

    /// `flatRates`: the project's choice among its pack's flat-rate options, `[{"option": ID,
    /// "percent": "15"}]`, refused at load when the pack does not allow it; none keeps the pack's.
    private func flatRates(_ entry: JSONEntry?, pack: RulePack) throws(InputError) -> ([FlatRateChoice], RulePack) {
        guard let entry else { return ([], pack) }
        let choices = try entry.elements().map { (choice) throws(InputError) in
            try choice.refuseUnknownMembers(["option", "percent"])
            let percent = try choice.member("percent")
            guard let text = percent.text, let rate = try? Rate(percentText: text) else {
                throw percent.error("expected a percentage as text in quotes, e.g. \"15\"")
            }
            return FlatRateChoice(optionID: try choice.string("option"), rate: rate)
        }
        switch pack.choosing(choices) {
        case .success(let chosen): return (choices, chosen)
        case .failure(let refusal): throw entry.error(refusal.message)
        }
    }

    private func readProgramme(_ entry: JSONEntry) throws(InputError) -> Programme {
        let packEntry = try entry.member("rulePack")
        let packID = try packEntry.string()
        guard let pack = RulePack.builtIn(id: packID) else {
            throw packEntry.error("no rule pack \"\(packID)\"; the built-in packs are \(RulePack.builtIn.map(\.id).joined(separator: ", "))")
        }
        return Programme(name: try entry.string("name"), rulePack: pack)
    }

    private func readProject(_ entry: JSONEntry) throws(InputError) -> Project {
        let currencyEntry = try entry.member("currency")
        guard let currency = Currency(code: try currencyEntry.string()) else {
            throw currencyEntry.error("\"\(try currencyEntry.string())\" is not an ISO 4217 currency code the engine knows, e.g. EUR")
        }
        let start = try date(entry.member("start"))
        let end = try date(entry.member("end"))
        guard start <= end else { throw try entry.member("end").error("the project ends (\(end)) before it starts (\(start))") }
        let codeEntry = try entry.member("code")
        let code = try codeEntry.string()
        guard !code.isEmpty, code.count <= Limits.projectCodeLengthMax, code.trimmingSpaces == code,
              !code.unicodeScalars.contains(where: { $0.properties.isWhitespace && $0 != " " }) else {
            throw codeEntry.error("\(code.debugDescription) is not a project code: expected 1 to "
                + "\(Limits.projectCodeLengthMax) characters, no line break or tab and no space at either end, e.g. \"LLI-59\"")
        }
        return Project(code: code, acronym: try entry.string("acronym"), title: try entry.string("title"),
                       start: start, end: end, currency: currency,
                       approvalDate: try entry.optionalMember("approvalDate").map { (value) throws(InputError) in try date(value) })
    }

    private func readSource(_ entry: JSONEntry) throws(InputError) -> FundingSource {
        let kindEntry = try entry.member("kind")
        switch try kindEntry.string() {
        case "programme-funds":
            return FundingSource(id: try entry.string("id"), kind: .programmeFunds(fund: try entry.string("fund")))
        case "partner-contribution":
            let typeEntry = try entry.member("contributionType")
            guard let type = ContributionType(rawValue: try typeEntry.string()) else {
                throw typeEntry.error("expected one of \(ContributionType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return FundingSource(id: try entry.string("id"), kind: .partnerContribution(type))
        default:
            throw kindEntry.error("expected \"programme-funds\" or \"partner-contribution\"")
        }
    }

    private func readCategory(_ entry: JSONEntry) throws(InputError) -> CostCategory {
        CostCategory(id: try entry.string("id"), name: try entry.string("name"))
    }

    private func readPeriods(_ entry: JSONEntry?, project: Project, rulePack: RulePack) throws(InputError) -> [ReportingPeriod] {
        guard let entry else { return ReportingPeriod.covering(project, lengthMonths: rulePack.reportingPeriodMonths) }
        var periods: [ReportingPeriod] = []
        for element in try entry.elements(atMost: Limits.reportingPeriodsMax, "reporting periods") {
            let number = try element.member("number").integer()
            let start = try date(element.member("start"))
            let end = try date(element.member("end"))
            guard number == periods.count + 1 else { throw try element.member("number").error("expected period number \(periods.count + 1); periods are numbered 1, 2, 3 … in order") }
            guard start <= end else { throw try element.member("end").error("the period ends before it starts") }
            if let previous = periods.last, start != previous.end.nextDay {
                throw try element.member("start").error("expected \(previous.end.nextDay), the day after period \(previous.number) ends")
            }
            periods.append(ReportingPeriod(number: number, start: start, end: end))
        }
        return periods
    }

    private func readPartner(_ entry: JSONEntry) throws(InputError) -> Partner {
        let roleEntry = try entry.member("role")
        guard let role = PartnerRole(rawValue: try roleEntry.string()) else { throw roleEntry.error("expected \"lead\" or \"partner\"") }
        return Partner(id: try entry.string("id"), role: role, name: try entry.string("name"),
                       country: try entry.string("country"), region: try entry.optionalMember("region")?.string(),
                       vatRecoverable: try entry.optionalMember("vatRecoverable")?.bool() ?? false)
    }

    private func readApproval(_ entry: JSONEntry, currency: Currency, sourceIDs: Set<String>) throws(InputError) -> PartnerApproval {
        var amounts: [SourceAmount] = []
        for element in try entry.member("approved").elements() {
            let sourceEntry = try element.member("source")
            let sourceID = try sourceEntry.string()
            guard sourceIDs.contains(sourceID) else { throw sourceEntry.error("no funding source \"\(sourceID)\" is defined in fundingSources") }
            guard !amounts.contains(where: { $0.sourceID == sourceID }) else { throw sourceEntry.error("the source \"\(sourceID)\" is listed twice") }
            amounts.append(SourceAmount(sourceID: sourceID, amount: try amount(element.member("amount"), currency: currency)))
        }
        return PartnerApproval(partnerID: try entry.string("id"), amounts: amounts,
                               total: try amount(entry.member("approvedTotal"), currency: currency))
    }

    /// Amounts are JSON strings with a decimal point (`"215092.60"`), never JSON numbers, which
    /// many readers would turn into binary floating point.
    private func amount(_ entry: JSONEntry, currency: Currency) throws(InputError) -> Money {
        guard let text = entry.text else {
            throw entry.error("expected the amount as text in quotes, e.g. \"215092.60\", so no reader turns it into a binary fraction")
        }
        let money: Money
        do {
            money = try AmountParser(decimalMark: .point, currency: currency).parse(text)
        } catch {
            throw entry.error("\"\(text)\" is not an amount: \(error.problem); expected e.g. \"215092.60\"")
        }
        guard !money.isNegative else { throw entry.error("\"\(text)\" is negative; an approved amount is zero or more") }
        return money
    }

    private func date(_ entry: JSONEntry) throws(InputError) -> CalendarDate {
        let text = try entry.string()
        guard let date = CalendarDate(text: text) else { throw entry.error("\"\(text)\" is not a date; expected YYYY-MM-DD, e.g. 2017-05-01") }
        return date
    }

    private func unique<T>(_ items: [T], what: String, id: (T) -> String, in root: JSONEntry) throws(InputError) -> [T] {
        var seen = Set<String>()
        for item in items where !seen.insert(id(item)).inserted {
            throw root.error("the \(what) id \"\(id(item))\" is used twice; ids must be unique")
        }
        return items
    }
}
