import GrantCore

/// The content of `grantledger check` for a project folder: the approved budget, what disagrees
/// inside it, and the check of the published budget table when the folder has one.
public struct ProjectCheck: Sendable {
    /// The folder as the user named it.
    public let folder: String
    public let grant: Grant
    /// Findings on the approved amounts and budget lines.
    public let findings: [Finding]
    /// The published tables found in the folder, each checked.
    public let tableChecks: [BudgetTableCheck]
    /// The audit of the folder's expenditure files, when it has them.
    public let audit: AuditReport?

    public init(folder: String, grant: Grant, tableChecks: [BudgetTableCheck], audit: AuditReport? = nil) throws(MoneyError) {
        self.folder = folder
        self.grant = grant
        self.tableChecks = tableChecks
        // The approved budget's breaks are this check's own findings; the audit's copies of them go.
        self.audit = audit.map { $0.withoutApprovedBudget }
        self.findings = try grant.budgetBreaks().map { fault in ProjectCheck.finding(fault, grant: grant) }
    }

    /// Errors here and in every table checked.
    public var errorCount: Int {
        findings.filter { $0.severity == .error }.count + tableChecks.map { $0.count(.error) }.reduce(0, +) + (audit?.count(.error) ?? 0)
    }

    static func finding(_ fault: GrantBudgetBreak, grant: Grant) -> Finding {
        let pack = grant.programme.rulePack
        let (partnerID, source): (String?, String?) = switch fault.kind {
        case .sourcesVersusTotal(let id): (id, nil)
        case .capExceeded(let id): (id, nil)
        case .linesVersusApproved(let id, let source): (id, source)
        }
        let message = ApprovedBudgetWording.sentence(fault.kind.rule, expected: fault.expected, found: fault.found,
                                                     difference: fault.difference, source: source, pack: pack)
        let partner = partnerID.flatMap(grant.partner)
        return Finding(ruleID: fault.kind.rule.rawValue, severity: .error,
                       location: partner.map { "partner \($0.id), \($0.name)" } ?? "project",
                       line: nil, partner: partner?.name, message: message,
                       expected: fault.expected, found: fault.found, difference: fault.difference,
                       citation: fault.kind.rule == .approvedAboveCap ? pack.coFinancingCapCitation : nil)
    }
}
