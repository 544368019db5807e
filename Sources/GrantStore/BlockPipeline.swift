import GrantCore

/// Hashes and writes an import's finished blocks on a second thread (an `OrderedWorker`) while
/// the first reads on: on a machine with two cores the chain's SHA-256 and the SQLite inserts
/// cost no time of the reading's. Blocks are chained in the order given, so the chain is the same
/// as when written in line; at most `depth` are at work at a time, so memory stays bounded.
///
/// The database connection is used by the worker's thread alone from the first `submit` until
/// `finish` returns (the reading thread does not touch it meanwhile); the chain's head and the
/// first failure are the worker's state, handed back with each written block.
final class BlockPipeline {
    /// A block written (or, after a failure, passed over), emptied for reuse, and the chain's
    /// head or the failure after it.
    private struct Written {
        let builder: EntryBlockBuilder
        let outcome: Result<[UInt8], StoreError>
    }

    private let worker: OrderedWorker<EntryBlockBuilder, Written>
    private var free: [EntryBlockBuilder] = []
    private var failure: StoreError?
    /// The hash of the last entry written, as the chain continues from it.
    private var headHash: [UInt8]

    init(writer: BlockWriter, headHash: [UInt8]) {
        self.headHash = headHash
        var chainHead = headHash, failed = false
        worker = OrderedWorker(depth: 3) { block in
            defer { block.clear() }
            guard !failed else { return Written(builder: block, outcome: .success(chainHead)) }
            let last = block.chain(from: chainHead)
            do throws(StoreError) {
                try writer.write(block)
                chainHead = last
                return Written(builder: block, outcome: .success(last))
            } catch {
                failed = true
                return Written(builder: block, outcome: .failure(error))
            }
        }
    }

    deinit { worker.finish() }

    /// An empty builder for the next block: one the thread has written, or a new one.
    func emptyBuilder(projectCode: String, author: String, recordedAt: String) -> EntryBlockBuilder {
        while let written = worker.takeIfDone() { absorb(written) }
        if let reused = free.popLast() { return reused }
        return EntryBlockBuilder(projectCode: projectCode, author: author, recordedAt: recordedAt)
    }

    /// Hands a full block to the thread; throws the first failure the thread met.
    func submit(_ block: EntryBlockBuilder) throws(StoreError) {
        while let written = worker.takeIfDone() { absorb(written) }
        if let failure { throw failure }
        worker.submit(block)
    }

    /// Waits until every block given is written; returns the last entry's hash, or throws what
    /// the thread met. The database is the caller's again afterwards.
    func finish() throws(StoreError) -> [UInt8] {
        while worker.resultsOwed > 0 { absorb(worker.take()) }
        if let failure { throw failure }
        return headHash
    }

    private func absorb(_ written: Written) {
        switch written.outcome {
        case .success(let last): headHash = last
        case .failure(let error): failure = failure ?? error
        }
        free.append(written.builder)
    }
}
