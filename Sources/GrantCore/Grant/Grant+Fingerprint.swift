extension Grant {
    /// The SHA-256, in hexadecimal, of the whole definition in a canonical form: project,
    /// programme, sources, categories, periods, partners with their approvals, budget lines. The
    /// ledger records it when a project is loaded; a verify recomputes it from the stored tables.
    public var definitionHash: String {
        var encoder = CanonicalRecordEncoder()
        encoder.record("project", [project.code, project.acronym, project.title, project.start.description, project.end.description,
                                   project.currency.code, project.approvalDate?.description])
        encoder.record("programme", [programme.name, programme.rulePack.id])
        for choice in flatRateChoices { encoder.record("flat-rate", [choice.optionID, String(choice.rate.hundredMillionths)]) }
        for source in fundingSources {
            switch source.kind {
            case .programmeFunds(let fund): encoder.record("source", [source.id, "programme-funds", fund])
            case .partnerContribution(let type): encoder.record("source", [source.id, "partner-contribution", type.rawValue])
            }
        }
        for category in costCategories { encoder.record("category", [category.id, category.name]) }
        for period in reportingPeriods {
            encoder.record("period", [String(period.number), period.start.description, period.end.description])
        }
        for partner in partners {
            encoder.record("partner", [partner.id, partner.role.rawValue, partner.name, partner.country, partner.region,
                                       partner.vatRecoverable ? "vat-recoverable" : "vat-not-recoverable"])
        }
        for approval in approvals {
            encoder.record("approval", [approval.partnerID, String(approval.total.minorUnits)])
            for amount in approval.amounts { encoder.record("approved", [approval.partnerID, amount.sourceID, String(amount.amount.minorUnits)]) }
        }
        for line in budgetLines {
            encoder.record("budget", [line.partnerID, line.categoryID, String(line.periodNumber), line.sourceID, String(line.amount.minorUnits)])
        }
        return SHA256.hash(encoder.bytes).hexadecimal
    }
}

/// Records of length-prefixed fields, so no two different definitions share an encoding.
struct CanonicalRecordEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func record(_ name: String, _ fields: [String?]) {
        bytes.append(contentsOf: name.utf8)
        for field in fields {
            bytes.append(UInt8(ascii: "|"))
            if let field {
                bytes.append(contentsOf: String(field.utf8.count).utf8)
                bytes.append(UInt8(ascii: ":"))
                bytes.append(contentsOf: field.utf8)
            } else {
                bytes.append(UInt8(ascii: "-"))
            }
        }
        bytes.append(UInt8(ascii: "\n"))
    }
}
