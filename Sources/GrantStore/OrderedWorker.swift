import Glibc
import GrantCore

/// Work done on a second thread, one input at a time in the order given, while the caller goes
/// on: `submit` hands an input over (waiting while `depth` are not done yet), `take` gives the
/// oldest result not taken (waiting until it is done). On two processors, what the caller does and what
/// the worker does then take the time of the slower, not of both.
///
/// The thread protocol: the inputs and results are read and written only under `lock`; `work`
/// runs on the worker's thread alone, so it may keep state from one input to the next. If no
/// thread can be started, `submit` does the work on the caller's thread.
final class OrderedWorker<Input, Output>: @unchecked Sendable {
    private let work: (Input) -> Output
    private let depth: Int
    // A mutex and a condition stay at one address, so they are allocated, not stored.
    private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var inputs: [Input] = []
    private var results: [Output] = []
    /// Inputs submitted whose work is not done; inputs submitted whose result is not taken.
    private var pending = 0
    private var untaken = 0
    private var closing = false
    private var thread: pthread_t?

    init(depth: Int, work: @escaping (Input) -> Output) {
        precondition(depth >= 1, "a worker takes at least one input at a time")
        (self.depth, self.work) = (depth, work)
        pthread_mutex_init(lock, nil)
        pthread_cond_init(changed, nil)
        thread = SecondThread.start { self.run() }
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(lock)
        changed.deallocate()
        lock.deallocate()
    }

    func submit(_ input: Input) {
        untaken += 1
        guard thread != nil else { return results.append(work(input)) }
        pthread_mutex_lock(lock)
        while pending >= depth { pthread_cond_wait(changed, lock) }
        inputs.append(input)
        pending += 1
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
    }

    /// The result of the oldest input whose result is not taken yet.
    func take() -> Output {
        precondition(untaken > 0, "a result is taken for an input submitted")
        untaken -= 1
        guard thread != nil else { return results.removeFirst() }
        pthread_mutex_lock(lock)
        while results.isEmpty { pthread_cond_wait(changed, lock) }
        let result = results.removeFirst()
        pthread_mutex_unlock(lock)
        return result
    }

    /// The result of the oldest input whose result is not taken yet, if its work is done; nil at
    /// once otherwise.
    func takeIfDone() -> Output? {
        guard untaken > 0 else { return nil }
        guard thread != nil else {
            untaken -= 1
            return results.removeFirst()
        }
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        guard !results.isEmpty else { return nil }
        untaken -= 1
        return results.removeFirst()
    }

    /// How many inputs submitted have a result not taken yet.
    var resultsOwed: Int { untaken }

    /// Stops the thread once the inputs submitted are done; their results not taken are dropped.
    func finish() {
        guard let thread else { return }
        pthread_mutex_lock(lock)
        closing = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(lock)
        pthread_join(thread, nil)
        self.thread = nil
        results.removeAll()
        untaken = 0
    }

    private func run() {
        while true {
            pthread_mutex_lock(lock)
            while inputs.isEmpty && !closing { pthread_cond_wait(changed, lock) }
            guard !inputs.isEmpty else {
                pthread_mutex_unlock(lock)
                return
            }
            let input = inputs.removeFirst()
            pthread_mutex_unlock(lock)
            let output = work(input)
            pthread_mutex_lock(lock)
            results.append(output)
            pending -= 1
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(lock)
        }
    }
}

