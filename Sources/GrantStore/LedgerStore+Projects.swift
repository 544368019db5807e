import GrantCore
import GrantKeys

extension LedgerStore {
    /// What `loadProject` did.
    public enum LoadOutcome: Equatable, Sendable {
        /// The project was stored; its definition is chained as entry `sequence`.
        case loaded(sequence: Int64)
        /// The same definition (same hash) was already loaded; nothing changed.
        case alreadyLoaded
    }

    /// Stores a project definition and chains its fingerprint. A project code can be loaded once;
    /// loading a different definition under the same code is refused.
    public func loadProject(_ grant: Grant, by authorship: Authorship) throws(StoreError) -> LoadOutcome {
        try database.writeTransaction("load the project") { () throws(StoreError) in
            if let existing = try storedDefinitionHash(grant.project.code) {
                guard existing == grant.definitionHash else {
                    throw .refused("project \(grant.project.code) is already loaded with a different definition; a loaded definition is never changed (a budget change needs its own project code or a later version of GrantLedger)")
                }
                return .alreadyLoaded
            }
            // A new project is loaded by the ledger's owner: no key is registered in it yet.
            guard let owner = try owner(), owner.publicKey == authorship.key.publicKey else {
                let name = try owner().map { " (\($0.name))" } ?? ""
                throw .refused("only the ledger's owner\(name) loads a new project; no key is registered in \(grant.project.code) yet")
            }
            try insertDefinition(grant)
            let appender = try ChainAppender(store: self, projectCode: grant.project.code, authorship: authorship)
            defer { appender.abandon() }
            let entry = try appender.append(.projectLoaded(definitionHash: grant.definitionHash))
            try appender.seal()
            return .loaded(sequence: entry.sequence)
        }
    }

    /// The codes of the projects in the ledger, in the order they were loaded.
    public func projectCodes() throws(StoreError) -> [String] {
        let entries = database.table("entries", indexedBy: "entries_projects")
        let statement = try database.prepare("SELECT project FROM \(entries) WHERE kind = 'project' ORDER BY sequence")
        var codes: [String] = []
        while try statement.step() { codes.append(statement.text(0) ?? "") }
        return codes
    }

    /// The definition hash chained when `code` was loaded, or nil when it never was.
    func storedDefinitionHash(_ code: String) throws(StoreError) -> String? {
        let statement = try database.prepare("SELECT definition_hash FROM entries WHERE kind = 'project' AND project = ?")
        try statement.bind([.text(code)])
        return try statement.step() ? statement.text(0) : nil
    }

    private func insertDefinition(_ grant: Grant) throws(StoreError) {
        let project = grant.project
        let code = SQLValue.text(project.code)
        try insert("projects", [code, .text(project.acronym), .text(project.title), .text(grant.programme.name),
                                .text(grant.programme.rulePack.id), .text(project.start.description), .text(project.end.description),
                                .text(project.currency.code), project.approvalDate.map { .text($0.description) } ?? .null])
        for (position, source) in grant.fundingSources.enumerated() {
            let (kind, detail): (String, String) = switch source.kind {
            case .programmeFunds(let fund): ("programme-funds", fund)
            case .partnerContribution(let type): ("partner-contribution", type.rawValue)
            }
            try insert("funding_sources", [code, .integer(Int64(position)), .text(source.id), .text(kind), .text(detail)])
        }
        for (position, category) in grant.costCategories.enumerated() {
            try insert("cost_categories", [code, .integer(Int64(position)), .text(category.id), .text(category.name)])
        }
        for period in grant.reportingPeriods {
            try insert("reporting_periods", [code, .integer(Int64(period.number)), .text(period.start.description), .text(period.end.description)])
        }
        for (position, partner) in grant.partners.enumerated() {
            let total = grant.approvals.first { $0.partnerID == partner.id }?.total.minorUnits ?? 0
            try insert("partners", [code, .integer(Int64(position)), .text(partner.id), .text(partner.role.rawValue), .text(partner.name),
                                    .text(partner.country), partner.region.map(SQLValue.text) ?? .null,
                                    .integer(partner.vatRecoverable ? 1 : 0), .integer(total)])
        }
        for approval in grant.approvals {
            for (position, amount) in approval.amounts.enumerated() {
                try insert("partner_approvals", [code, .text(approval.partnerID), .integer(Int64(position)), .text(amount.sourceID),
                                                 .integer(amount.amount.minorUnits)])
            }
        }
        for (position, choice) in grant.flatRateChoices.enumerated() {
            try insert("project_flat_rates", [code, .integer(Int64(position)), .text(choice.optionID),
                                              .integer(choice.rate.hundredMillionths)])
        }
        let lines = try database.prepare("INSERT INTO budget_lines VALUES (?, ?, ?, ?, ?, ?, ?)")
        for (position, line) in grant.budgetLines.enumerated() {
            lines.reset()
            try lines.bind([code, .integer(Int64(position)), .text(line.partnerID), .text(line.categoryID),
                            .integer(Int64(line.periodNumber)), .text(line.sourceID), .integer(line.amount.minorUnits)])
            try lines.step()
        }
    }

    private func insert(_ table: String, _ values: [SQLValue]) throws(StoreError) {
        let placeholders = Array(repeating: "?", count: values.count).joined(separator: ", ")
        let statement = try database.prepare("INSERT INTO \(table) VALUES (\(placeholders))")
        try statement.bind(values)
        try statement.step()
    }
}
