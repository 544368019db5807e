import Glibc
import GrantCore

/// Expenditure files read by `ExpenditureReader` on a thread beside the caller's, a few batches
/// of records ahead of it. On two processors, reading a folder (splitting, decoding, hashing)
/// and what the caller does with each line (the audit) then take the time of the slower of the
/// two, not of both. The caller takes each file's lines in the files' order (`read`), as it
/// would from `ExpenditureReader.read`: the same records, the same unknown references, the same
/// error after the same lines. `finish` stops the thread; the caller calls it once, when done
/// or when it stops early.
package final class ReadAhead: @unchecked Sendable {
    /// A file to read: its path as messages name it, its reader, and how to open it.
    package struct File {
        package let path: String
        package let reader: ExpenditureReader
        /// Opens the file: what gives its next bytes (at most the count asked for; none at its
        /// end), and what closes it.
        package let open: () throws -> (read: (Int) throws(InputError) -> [UInt8], close: () -> Void)

        package init(path: String, reader: ExpenditureReader,
                     open: @escaping () throws -> (read: (Int) throws(InputError) -> [UInt8], close: () -> Void)) {
            (self.path, self.reader, self.open) = (path, reader, open)
        }
    }

    private let files: [File]
    private let hashing: Bool
    private let skippingUnknown: Bool
    // Guarded by `lock`: the batches read and not yet taken, and whether the caller stopped.
    // (A mutex and a condition stay at one address, so they are allocated, not stored.)
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var ready: [Batch] = []
    /// Batches taken, to be filled again.
    private var spare: [Batch] = []
    private var cancelled = false
    /// Whether the reading thread has ended: read every file, failed or was stopped.
    private var ended = false
    private var thread: pthread_t?
    /// Batches read ahead at most: enough to ride out the caller's slower lines, a few MiB.
    private static let batchesAhead = 8

    /// Starts reading `files`, hashing each when `hashing`, and with `skippingUnknown` handing
    /// on a line that names what the project does not define instead of stopping there.
    package init(_ files: [File], hashing: Bool, skippingUnknown: Bool) {
        (self.files, self.hashing, self.skippingUnknown) = (files, hashing, skippingUnknown)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
        thread = SecondThread.start { self.readEveryFile() }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
    }

    /// The lines of file `index` (the files are taken in order), each handed to `emit`, and any
    /// line naming what the project does not define to `skipUnknown`; the file's SHA-256 when
    /// hashing. Throws what reading the file threw, once the lines before it are handed on.
    package func read(_ index: Int, skipUnknown: (UnknownReference) -> Void,
                      emit: (borrowing ExpenditureRecord) throws -> Void) throws -> [UInt8]? {
        if thread == nil { return try readHere(index, skipUnknown: skipUnknown, emit: emit) }
        while true {
            let batch = take()
            precondition(batch.file == index, "The files of a read-ahead are taken in order")
            for reference in batch.unknown { skipUnknown(reference) }
            for record in batch.records { try emit(record) }
            let end = batch.end
            recycle(batch)
            switch end {
            case nil: continue
            case .read(let digest): return digest
            case .failed(let error): throw error
            }
        }
    }

    /// The path of file `index`, as messages name it.
    package func path(_ index: Int) -> String { files[index].path }

    /// Stops the reading thread, if it still reads, and waits for it to end.
    package func finish() {
        pthread_mutex_lock(lock)
        cancelled = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
        ready.removeAll()
        spare.removeAll()
    }

    /// Without a thread of its own (none could be started), a file is read on the caller's.
    private func readHere(_ index: Int, skipUnknown: (UnknownReference) -> Void,
                          emit: (borrowing ExpenditureRecord) throws -> Void) throws -> [UInt8]? {
        try withoutActuallyEscaping(skipUnknown) { skipUnknown in try readFile(index, skipUnknown: skipUnknown, emit: emit) }
    }

    /// File `index` opened, read by its reader and closed, on the thread that calls: each line to
    /// `emit`, and each naming what the project does not define to `skipUnknown` when skipping.
    private func readFile(_ index: Int, skipUnknown: @escaping (UnknownReference) -> Void,
                          emit: (borrowing ExpenditureRecord) throws -> Void) throws -> [UInt8]? {
        let file = files[index]
        let source = try file.open()
        defer { source.close() }
        return try file.reader.read(file: file.path, hashing: hashing, from: source.read,
                                    skipUnknown: skippingUnknown ? skipUnknown : nil, emit: emit)
    }

    // MARK: The reading thread

    /// Records read and not yet handed on, with their texts in one block of memory of their own.
    private final class Batch {
        static let records = 2_048
        static let textBytes = 1 << 18

        enum End {
            case read(digest: [UInt8]?)
            case failed(any Error)
        }

        // A batch is touched by one thread at a time, handed over under the lock: unchecked
        // exclusivity spares each access of a line's a runtime check.
        @exclusivity(unchecked) private(set) var file: Int
        @exclusivity(unchecked) var records: [ExpenditureRecord] = []
        @exclusivity(unchecked) var unknown: [UnknownReference] = []
        @exclusivity(unchecked) var end: End?
        @exclusivity(unchecked) private var texts: [UnsafeMutableBufferPointer<UInt8>] = []
        /// The block being filled, and its free part.
        @exclusivity(unchecked) private var filling = -1
        @exclusivity(unchecked) private var free = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)

        init(file: Int) {
            self.file = file
            records.reserveCapacity(Self.records)
        }

        /// The batch emptied for file `file`, its memory kept: a new batch's memory would come
        /// fresh from the system each time, to be mapped and cleared page by page.
        func reused(for file: Int) -> Batch {
            self.file = file
            records.removeAll(keepingCapacity: true)
            unknown.removeAll()
            end = nil
            filling = texts.isEmpty ? -1 : 0
            free = texts.first ?? UnsafeMutableBufferPointer(start: nil, count: 0)
            return self
        }

        deinit {
            for block in texts { block.deallocate() }
        }

        var isFull: Bool { records.count >= Self.records }

        /// Adds `record`, its texts copied into the batch's memory.
        func append(_ record: borrowing ExpenditureRecord) {
            var copy = copy record
            copy.invoiceNumber = keep(record.invoiceNumber)
            copy.supplier = keep(record.supplier)
            copy.description = keep(record.description)
            copy.documentReference = keep(record.documentReference)
            records.append(copy)
        }

        private func keep(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
            guard !bytes.isEmpty else { return UnsafeBufferPointer(start: nil, count: 0) }
            while free.count < bytes.count {
                filling += 1
                if filling == texts.count || texts[filling].count < bytes.count {
                    texts.insert(.allocate(capacity: max(Self.textBytes, bytes.count)), at: filling)
                }
                free = texts[filling]
            }
            let start = free.baseAddress!
            start.initialize(from: bytes.baseAddress!, count: bytes.count)
            free = UnsafeMutableBufferPointer(rebasing: free[bytes.count...])
            return UnsafeBufferPointer(start: start, count: bytes.count)
        }
    }

    /// Thrown on the reading thread when the caller has stopped.
    private struct Cancelled: Error {}

    private func readEveryFile() {
        defer {
            pthread_mutex_lock(lock)
            ended = true
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
        }
        for index in files.indices {
            var batch = emptyBatch(for: index)
            do {
                let digest = try readFile(index, skipUnknown: { batch.unknown.append($0) }) { record in
                    batch.append(record)
                    guard batch.isFull else { return }
                    try send(batch)
                    batch = emptyBatch(for: index)
                }
                batch.end = .read(digest: digest)
                try send(batch)
            } catch is Cancelled {
                return
            } catch {
                batch.end = .failed(error)
                try? send(batch)
                return
            }
        }
    }

    /// Hands a batch to the caller, waiting while it has enough in hand.
    private func send(_ batch: Batch) throws {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while ready.count >= Self.batchesAhead, !cancelled { pthread_cond_wait(changed, lock) }
        guard !cancelled else { throw Cancelled() }
        ready.append(batch)
        pthread_cond_broadcast(changed)
    }

    /// A batch the caller is done with, or a new one.
    private func emptyBatch(for file: Int) -> Batch {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return spare.popLast()?.reused(for: file) ?? Batch(file: file)
    }

    /// Keeps a batch whose records the caller has taken, for the reading thread to fill again.
    private func recycle(_ batch: Batch) {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        spare.append(batch)
    }

    /// The next batch, waiting for it.
    private func take() -> Batch {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        while ready.isEmpty, !ended { pthread_cond_wait(changed, lock) }
        precondition(!ready.isEmpty, "A read-ahead is not asked for more than it read")
        pthread_cond_broadcast(changed)
        return ready.removeFirst()
    }
}
