import GrantCore

extension LedgerStore {
    /// Partner report `number` of `partnerID` as its control sees it (`ControlledReport`).
    public func controlledReport(projectCode: String, partnerID: String, number: Int) throws(StoreError) -> ControlledReport {
        let book = try partnerReports(projectCode)
        guard let report = book.report(partner: partnerID, number: number) else {
            throw .refused("\(projectCode) has no partner report \(partnerID)/\(number)")
        }
        return try controlled(report, book: book, projectCode: projectCode)
    }

    func controlled(_ report: PartnerReportBook.Report, book: PartnerReportBook,
                    projectCode: String) throws(StoreError) -> ControlledReport {
        let grant = try grant(projectCode)
        let lines = try ledgerLines(projectCode: projectCode, filter: LedgerFilter(partnerID: report.partnerID))
        let held = Set(lines.map(\.entry.sequence))
        var controls: [(sequence: Int64, control: Control)] = []
        for entry in try entries("WHERE kind = 'control' AND project = ?", [.text(projectCode)]) {
            if case .control(let control) = entry.body, held.contains(control.entry) { controls.append((entry.sequence, control)) }
        }
        do {
            let total = try Money.sum(grant.approvals.map(\.total), currency: .euro)
            return try ControlledReport(report, book: book, lines: lines, controls: controls, pack: grant.programme.rulePack,
                                        projectTotal: total)
        } catch {
            throw .refused("the figures of partner report \(report.partnerID)/\(report.number) are out of range")
        }
    }

    /// Starts the control of a submitted report: the sample's terms (confidence and tolerable
    /// error, the pack's unless given) and its seed from the chain head now, recorded in a signed
    /// entry by the partner's controller. The partner's previous report must be certified, since
    /// what it parked comes into this one.
    public func startControl(projectCode: String, partnerID: String, number: Int, confidence: SamplingConfidence?, tolerable: Rate?,
                             note: String, by authorship: Authorship) throws(StoreError) -> (LedgerEntry, ControlledReport) {
        let pack = try grant(projectCode).programme.rulePack
        let (entry, _) = try takeReportStep(.startControl, projectCode: projectCode, partnerID: partnerID, number: number, period: nil,
                                            note: note, by: authorship) { (report, book, appender) throws(StoreError) in
            if let previous = book.report(partner: partnerID, number: number - 1), previous.state != .certified {
                throw .refused("partner report \(partnerID)/\(number - 1) is \(previous.state.phrase); certify it first, "
                    + "since what its control parks comes into \(partnerID)/\(number)")
            }
            let seed = ControlSample.seed(chainHead: try appender.settle().hash, partnerID: partnerID, report: report.number)
            return SamplingTerms(confidence: confidence ?? pack.control.confidence, tolerable: tolerable ?? pack.control.tolerable,
                                 seed: seed)
        }
        return (entry, try controlledReport(projectCode: projectCode, partnerID: partnerID, number: number))
    }

    /// Certifies a report in control once every sampled line has a verdict: each line without one
    /// is certified as declared, each flat rate at its recomputation on the certified base (its
    /// lines in proportion to what they declare), all signed by the controller with the step.
    public func certifyReport(projectCode: String, partnerID: String, number: Int, note: String,
                              by authorship: Authorship) throws(StoreError) -> (LedgerEntry, ControlledReport) {
        let (entry, _) = try takeReportStep(.certify, projectCode: projectCode, partnerID: partnerID, number: number, period: nil,
                                            note: note, by: authorship) { (report, book, appender) throws(StoreError) in
            let controlled = try self.controlled(report, book: book, projectCode: projectCode)
            guard controlled.undecided.isEmpty else {
                throw .refused("partner report \(partnerID)/\(number) cannot be certified yet: give a verdict on each sampled entry "
                    + "first (grantledger certify ENTRY): " + controlled.undecided.map(String.init).joined(separator: ", "))
            }
            for control in try self.closingControls(controlled, report: "\(partnerID)/\(number)") {
                try appender.append(.control(control), concerning: partnerID)
            }
            return nil
        }
        return (entry, try controlledReport(projectCode: projectCode, partnerID: partnerID, number: number))
    }

    /// The verdicts certification adds: every live line without one certified as declared, and
    /// each flat rate's certified amount split over its lines by what they declare.
    private func closingControls(_ controlled: ControlledReport, report: String) throws(StoreError) -> [Control] {
        var controls: [Control] = []
        var flatLines: [String: [LedgerLine]] = [:]
        let flat = Dictionary(uniqueKeysWithValues: controlled.figures.flatRates.map { ($0.flatRate.category, $0) })
        for line in controlled.lines where line.reversedBy == nil && controlled.verdicts[line.entry.sequence] == nil {
            guard case .expenditure = line.entry.body else { continue }
            if flat[line.line.categoryID] != nil {
                flatLines[line.line.categoryID, default: []].append(line)
            } else {
                controls.append(Control(entry: line.entry.sequence, certified: line.line.declaredEuros, reason: nil,
                                        note: "certified with partner report \(report)"))
            }
        }
        for (category, lines) in flatLines.sorted(by: { $0.key < $1.key }) {
            let recomputed = flat[category]!
            let shares: [Money]
            do {
                shares = try recomputed.certified.allocated(overWeights: lines.map(\.line.declaredEuros.minorUnits))
            } catch {
                throw .refused("the \(recomputed.flatRate.id) flat rate of partner report \(report) cannot be split over its entries")
            }
            for (line, share) in zip(lines, shares) {
                controls.append(Control(entry: line.entry.sequence, certified: share,
                                        reason: share == line.line.declaredEuros ? nil : .flatRateBase,
                                        note: "\(recomputed.flatRate.id) recomputed with partner report \(report)"))
            }
        }
        return controls.sorted { $0.entry < $1.entry }
    }
}
