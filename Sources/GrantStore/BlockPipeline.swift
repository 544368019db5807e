import Glibc
import GrantCore

/// Hashes and writes an import's finished blocks on a second thread while the first reads on:
/// on a machine with two cores the chain's SHA-256 and the SQLite inserts cost no time of the
/// reading's. Blocks are taken in the order given, so the chain is the same as when written in
/// line; at most `depth` wait at a time, so memory stays bounded.
///
/// The thread protocol: the queue, the free builders, the head and the first failure are read
/// and written only under `mutex`; the database connection is used by the second thread alone
/// from `start` until `finish` returns (the reading thread does not touch it meanwhile).
final class BlockPipeline: @unchecked Sendable {
    private let writer: BlockWriter
    private let depth = 2
    private var mutex = pthread_mutex_t()
    private var changed = pthread_cond_t()
    private var queue: [EntryBlockBuilder] = []
    private var free: [EntryBlockBuilder] = []
    private var closing = false
    private var failure: StoreError?
    private var thread = pthread_t()
    private var running = false
    /// The hash of the last entry written, as the chain continues from it.
    private var headHash: [UInt8]

    init(writer: BlockWriter, headHash: [UInt8]) {
        self.writer = writer
        self.headHash = headHash
        pthread_mutex_init(&mutex, nil)
        pthread_cond_init(&changed, nil)
    }

    deinit {
        finishQuietly()
        pthread_cond_destroy(&changed)
        pthread_mutex_destroy(&mutex)
    }

    /// An empty builder for the next block: one the thread has written, or a new one.
    func emptyBuilder(projectCode: String, author: String, recordedAt: String) -> EntryBlockBuilder {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        if let reused = free.popLast() { return reused }
        return EntryBlockBuilder(projectCode: projectCode, author: author, recordedAt: recordedAt)
    }

    /// Hands a full block to the thread, starting it on the first; throws what the thread met.
    func submit(_ block: EntryBlockBuilder) throws(StoreError) {
        pthread_mutex_lock(&mutex)
        while queue.count >= depth && failure == nil { pthread_cond_wait(&changed, &mutex) }
        if let failure {
            pthread_mutex_unlock(&mutex)
            throw failure
        }
        queue.append(block)
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
        if !running { start() }
    }

    /// Waits until every block given is written; returns the last entry's hash, or throws what
    /// the thread met. The database is the caller's again afterwards.
    func finish() throws(StoreError) -> [UInt8] {
        finishQuietly()
        if let failure { throw failure }
        return headHash
    }

    private func finishQuietly() {
        guard running else { return }
        pthread_mutex_lock(&mutex)
        closing = true
        pthread_cond_broadcast(&changed)
        pthread_mutex_unlock(&mutex)
        pthread_join(thread, nil)
        running = false
        closing = false
    }

    private func start() {
        if let started = SecondThread.start({ self.work(untilEmpty: false) }) {
            thread = started
            running = true
        } else {
            work(untilEmpty: true)  // No second thread: the blocks are written here, in order, as they come.
        }
    }

    /// Takes blocks in order until closing (or, `untilEmpty`, until none is left): chains,
    /// writes, returns each builder.
    private func work(untilEmpty: Bool) {
        while true {
            pthread_mutex_lock(&mutex)
            while queue.isEmpty && !closing && !untilEmpty { pthread_cond_wait(&changed, &mutex) }
            guard !queue.isEmpty else {
                pthread_mutex_unlock(&mutex)
                return
            }
            let block = queue.removeFirst()
            let previous = headHash
            let failed = failure != nil
            pthread_mutex_unlock(&mutex)
            var outcome: Result<[UInt8], StoreError> = .success(previous)
            if !failed {
                let last = block.chain(from: previous)
                do {
                    try writer.write(block)
                    outcome = .success(last)
                } catch {
                    outcome = .failure(error)
                }
            }
            block.clear()
            pthread_mutex_lock(&mutex)
            switch outcome {
            case .success(let last): headHash = last
            case .failure(let error): failure = failure ?? error
            }
            free.append(block)
            pthread_cond_broadcast(&changed)
            pthread_mutex_unlock(&mutex)
        }
    }
}
