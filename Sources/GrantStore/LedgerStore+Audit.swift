import GrantCore

extension LedgerStore {
    /// Every expenditure and reversal entry of `projectCode` through `pass`, block by block: each
    /// entry is decoded, handed to the pass and let go, so memory stays with the pass (distinct
    /// invoices and cells), not with the lines. Returns the entries given.
    package func audit(projectCode: String, into pass: AuditPass) throws(StoreError) -> Int {
        var reversals: [Int64: (sequence: Int64, period: Int, amount: Money, recordedAt: String)] = [:]
        var controls: [Int64: Money] = [:]
        for entry in try entries("WHERE project = ? AND kind IN ('reversal', 'control')", [.text(projectCode)]) {
            switch entry.body {
            case .reversal(let original, _, let period, let amount):
                reversals[original] = (entry.sequence, period, amount, entry.recordedAt)
            case .control(let control): controls[control.entry] = control.certified  // The latest control wins.
            default: break
            }
        }
        let context = pass.context
        var count = 0
        var reversed: [(LedgerEntry, ExpenditureLine)] = []
        try forEachBlock(projectCode: projectCode) { (block) throws(StoreError) in
            try block.forEachEntry { (_, fields, _) throws(StoreError) in
                guard let fields else {
                    throw .refused("entries \(block.firstSequence)–\(block.lastSequence) cannot be read: their stored block is damaged; "
                        + "run 'grantledger verify'")
                }
                let entry = try decode(fields)
                guard case .expenditure(let line, _, _) = entry.body else { return }
                let reversal = reversals[entry.sequence]
                if reversal != nil { reversed.append((entry, line)) }
                let control = controls[entry.sequence].map { (Int64(0), Control(entry: entry.sequence, certified: $0, reason: nil, note: "")) }
                let audited = LedgerLine(entry: entry, line: line, reversedBy: reversal?.sequence, control: control)
                try Self.add(audited, to: pass, context: context)
                count += 1
            }
        }
        for (original, line) in reversed {
            guard let reversal = reversals[original.sequence] else { continue }
            let entry = LedgerEntry(sequence: reversal.sequence, projectCode: projectCode,
                                    body: .reversal(original: original.sequence, reason: "", periodNumber: reversal.period,
                                                    amount: reversal.amount),
                                    author: "", recordedAt: reversal.recordedAt, previousHash: LedgerEntry.genesisHash)
            try Self.add(LedgerLine(entry: entry, line: line, reversedBy: nil), to: pass, context: context)
            count += 1
        }
        return count
    }

    private static func add(_ line: LedgerLine, to pass: AuditPass, context: AuditContext) throws(StoreError) {
        let partner = context.position(ofPartner: line.line.partnerID), category = context.position(ofCategory: line.line.categoryID)
        do {
            try line.withAuditLine(partner: partner, category: category) { (audited) throws(MoneyError) in try pass.add(audited) }
        } catch {
            throw .refused("entry \(line.entry.sequence): \(error)")
        }
    }
}
