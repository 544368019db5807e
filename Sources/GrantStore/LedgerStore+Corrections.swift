import GrantCore
import GrantKeys

extension LedgerStore {
    /// Posts a reversal of expenditure entry `sequence`: an entry of the opposite amount that
    /// names the original and the reason. The original stays; reports see the net effect.
    ///
    /// The reversal is posted in `period` if given, else in the original's period when it is
    /// open, else in the first open period after it. Closed periods take no new entries.
    @discardableResult
    public func reverse(_ sequence: Int64, reason: String, period: Int?, by authorship: Authorship) throws(StoreError) -> LedgerEntry {
        guard reason.contains(where: { !$0.isWhitespace }) else { throw .refused("a reversal needs a reason (--reason TEXT)") }
        let original = try entry(sequence)
        return try appending(projectCode: original.projectCode, by: authorship,
            "reverse entry \(sequence)") { (appender) throws(StoreError) in
            guard case .expenditure(let line, _, _) = original.body else {
                throw .refused("entry \(sequence) is a \(original.body.kind) entry; only expenditure entries can be reversed")
            }
            if let reversal = try reversalOf(sequence) {
                throw .refused("entry \(sequence) was already reversed by entry \(reversal); an entry is reversed once")
            }
            let grant = try grant(original.projectCode)
            let closed = try closedPeriods(original.projectCode)
            let posting = try postingPeriod(requested: period, original: line.periodNumber, grant: grant, closed: closed)
            if let report = try partnerReports(original.projectCode).report(partner: line.partnerID, period: posting),
               !report.state.figuresOpen {
                throw .refused("period \(posting)'s partner report \(report.number) of \(line.partnerID) is \(report.state.phrase): its "
                    + "figures are frozen; post the reversal in a later period (--period N) or reopen the report in full")
            }
            let reversal = LedgerEntryBody.reversal(original: sequence, reason: reason, periodNumber: posting,
                                                    amount: line.declaredEuros.negated)
            return try appender.append(reversal, concerning: line.partnerID)
        }
    }

    private func postingPeriod(requested: Int?, original: Int, grant: Grant, closed: [Int: LedgerEntry]) throws(StoreError) -> Int {
        let numbers = grant.reportingPeriods.map(\.number)
        if let requested {
            guard numbers.contains(requested) else {
                throw .refused("\(grant.project.code) has no reporting period \(requested); its periods are \(numbers.map(String.init).joined(separator: ", "))")
            }
            if let closure = closed[requested] {
                throw .refused("period \(requested) was closed on \(closure.recordedAt) by \(closure.author); post the correction in an open period")
            }
            return requested
        }
        guard let open = numbers.first(where: { $0 >= original && closed[$0] == nil }) else {
            throw .refused("period \(original) and every period after it are closed; there is no open period to post the correction in")
        }
        return open
    }

    /// Closes reporting period `number` of `projectCode`: from now on no entry is posted in it.
    @discardableResult
    public func closePeriod(_ number: Int, projectCode: String, by authorship: Authorship) throws(StoreError) -> LedgerEntry {
        try appending(projectCode: projectCode, by: authorship, "close period \(number)") { (appender) throws(StoreError) in
            let grant = try grant(projectCode)
            guard grant.reportingPeriods.contains(where: { $0.number == number }) else {
                throw .refused("\(projectCode) has no reporting period \(number); its periods are \(grant.reportingPeriods.map { String($0.number) }.joined(separator: ", "))")
            }
            if let closure = try closedPeriods(projectCode)[number] {
                throw .refused("period \(number) of \(projectCode) was already closed on \(closure.recordedAt) by \(closure.author)")
            }
            return try appender.append(.periodClosed(periodNumber: number))
        }
    }

    /// The closed periods of `projectCode`, each with the entry that closed it.
    public func closedPeriods(_ projectCode: String) throws(StoreError) -> [Int: LedgerEntry] {
        var closed: [Int: LedgerEntry] = [:]
        for entry in try entries("WHERE kind = 'close-period' AND project = ?", [.text(projectCode)]) {
            if case .periodClosed(let number) = entry.body { closed[number] = entry }
        }
        return closed
    }

    /// The reversal that cancels entry `sequence`, if any.
    func reversalOf(_ sequence: Int64) throws(StoreError) -> Int64? {
        let statement = try database.prepare("SELECT sequence FROM entries WHERE kind = 'reversal' AND reverses = ?")
        try statement.bind([.integer(sequence)])
        return try statement.step() ? statement.integer(0) : nil
    }
}
