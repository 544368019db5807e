import GrantCore

/// Copying a whole ledger to a new one, a SQLite file or a PostgreSQL database, either way:
/// every row as it is (entries, blocks, sums, signatures, the owner), so the copy has the same
/// chain, hashes and signatures, and `verify` passes on both with the same head.
extension LedgerStore {
    /// What a copy did.
    public struct Copy {
        public let target: LedgerStore
        public let entries: Int64
        public let head: ChainHead
    }

    /// Copies this ledger to a new one at `location` (a file not there yet, or a server database
    /// that holds no ledger), in one transaction there, from one snapshot here. Both must verify
    /// with the same head, or the copy is refused (the new file is not made; on a server, the
    /// transaction is rolled back). On a server, the one who copies administers the database.
    public func copy(to location: String, fileExists: Bool) throws(StoreError) -> Copy {
        var source: Verification?
        let (target, created) = try LedgerStore.create(at: location, fileExists: fileExists) { (target) throws(StoreError) in
            try target.database.startCopying()
            let original = try database.readTransaction("copy the ledger") { () throws(StoreError) -> Verification in
                let original = try verifySnapshot(notedHead: nil, ownerKey: nil)
                guard original.isIntact else {
                    throw .refused("\(path) does not verify (\(original.problems.count) problem\(original.problems.count == 1 ? "" : "s"), "
                        + "the first: \(original.problems[0].message)); copy only an intact ledger")
                }
                try copyRows(to: target)
                return original
            }
            let copied = try target.verifySnapshot(notedHead: nil, ownerKey: nil)
            guard copied.isIntact, copied.head == original.head else {
                throw .refused("the copy does not verify as the original does (\(copied.problems.first?.message ?? "another head")); "
                    + "nothing was written")
            }
            source = original
        }
        guard created, let source else {
            throw .refused("\(target.path) already holds a ledger; copy writes a new one (a file not there yet, or an empty database)")
        }
        return Copy(target: target, entries: source.entriesChecked, head: source.head)
    }

    /// The tables besides the chain, each in its key's order, and then the chain in ledger order.
    private func copyRows(to target: LedgerStore) throws(StoreError) {
        for (table, order) in [("projects", "code"), ("funding_sources", "project, id"), ("cost_categories", "project, id"),
                               ("reporting_periods", "project, number"), ("partners", "project, id"),
                               ("partner_approvals", "project, partner, source"), ("budget_lines", "project, partner, category, period, source"),
                               ("project_flat_rates", "project, position"), ("ledger_owner", "1")] {
            try copyTable(table, orderedBy: order, to: target.database)
        }
        try copyChain(to: target)
        try copyTable("batch_spend", orderedBy: "batch, partner, category, period", to: target.database)
        try copyTable("signatures", orderedBy: "last_sequence", to: target.database)
    }

    /// Every row of `table` as it is (its columns are the same in both engines' schemas).
    private func copyTable(_ table: String, orderedBy order: String, to target: any Database) throws(StoreError) {
        let rows = try database.prepare("SELECT * FROM \(table) ORDER BY \(order)")
        var insert: (any Statement)?
        while try rows.step() {
            let values = (0..<rows.columnCount).map { rows.value($0) }
            if insert == nil { insert = try target.prepare("INSERT INTO \(table) VALUES (\(Self.placeholders(values.count)))") }
            guard let statement = insert else { return }
            statement.reset()
            try statement.bindAndStep(values)
        }
    }

    /// The entries stored as rows and the blocks, in ledger order (a server checks that each
    /// follows on from the head), each block as it is; to a server, with its lines' partners.
    private func copyChain(to target: LedgerStore) throws(StoreError) {
        var rows: [[SQLValue]] = []
        let select = try database.prepare("SELECT \(Self.entryColumns) FROM entries ORDER BY sequence")
        while try select.step() { rows.append((0..<select.columnCount).map { select.value($0) }) }
        let insert = try target.database.prepare("INSERT INTO entries (\(Self.entryColumns)) "
            + "VALUES (\(Self.placeholders(LedgerEntry.fieldNames.count + 1)))")
        var next = 0
        func writeRows(before sequence: Int64) throws(StoreError) {
            while next < rows.count, case .integer(let row) = rows[next][0], row < sequence {
                insert.reset()
                try insert.bindAndStep(rows[next])
                next += 1
            }
        }
        let writer = try BlockWriter(database: target.database)
        let listPartners = target.database.engine.blocksListPartners
        try forEachBlock(projectCode: nil) { (block) throws(StoreError) in
            try writeRows(before: block.firstSequence)
            try writer.write(block, linePartners: listPartners ? try block.linePartnerBytes() : [])
        }
        try writeRows(before: .max)
    }

    private static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }
}
