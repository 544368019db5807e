import Glibc

/// A thread beside the calling one, for work that is short and wanted soon: a file's digest, part
/// of a scan. It starts on another processor than the caller's, and with `holdingCaller` the
/// caller stays on its own until `join`: left to itself, the scheduler here often puts a new
/// thread on the caller's busy processor, or moves the caller onto the new thread's, and one
/// then waits for milliseconds (measured on the project's 2-processor machine: 3 ms against 40 µs).
final class HelperThread: @unchecked Sendable {
    private var thread = pthread_t()
    private var joined = false
    /// The processors the caller could run on before it was held to its own, to give back at `join`.
    private var callerProcessors: [UInt8]?

    /// Runs `body` on a new thread; nil when none can be started, and the caller does the work.
    static func start(holdingCaller: Bool, _ body: @escaping () -> Void) -> HelperThread? {
        let helper = HelperThread()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let (allowed, others) = processors() {
            others.withUnsafeBytes { _ = setProcessors(&attributes, $0.count, $0.baseAddress!) }
            var own = allowed.indices.map { allowed[$0] & ~others[$0] }
            if holdingCaller, own.withUnsafeMutableBytes({ setCallerProcessors(0, $0.count, $0.baseAddress!) }) == 0 {
                helper.callerProcessors = allowed
            }
        }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        guard pthread_create(&helper.thread, &attributes, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context) == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            helper.releaseCaller()
            helper.joined = true  // There is no thread to join.
            return nil
        }
        return helper
    }

    private init() {}

    deinit {
        // A helper is always joined by its owner; this only keeps a forgotten one from holding
        // the caller to one processor. (Never on the thread itself: it cannot join itself.)
        if !joined, pthread_equal(pthread_self(), thread) == 0 { join() }
    }

    /// Waits for the thread to end (what it wrote is then visible to the caller), and lets the
    /// caller run on any processor again.
    func join() {
        guard !joined else { return }
        pthread_join(thread, nil)
        joined = true
        releaseCaller()
    }

    private func releaseCaller() {
        guard var allowed = callerProcessors else { return }
        _ = allowed.withUnsafeMutableBytes { setCallerProcessors(0, $0.count, $0.baseAddress!) }
        callerProcessors = nil
    }

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// The processors this process may run on, as the first helper found them (before it held
    /// the caller to one), as a `cpu_set_t` (1,024 bits).
    private static let processAllowed: [UInt8]? = {
        var allowed = [UInt8](repeating: 0, count: 128)
        return allowed.withUnsafeMutableBytes({ processorsAllowed(0, $0.count, $0.baseAddress!) }) == 0 ? allowed : nil
    }()

    /// The processors this process may run on, and those of them but the one the caller runs on
    /// now; nil when there is no other, or they cannot be told.
    private static func processors() -> (allowed: [UInt8], others: [UInt8])? {
        let current = Int(currentProcessor())
        guard let allowed = processAllowed, current >= 0, current < allowed.count * 8,
              allowed[current / 8] & UInt8(1 << (current % 8)) != 0 else { return nil }
        var others = allowed
        others[current / 8] &= ~UInt8(1 << (current % 8))
        return others.contains { $0 != 0 } ? (allowed, others) : nil
    }
}

// glibc's GNU extensions, which Swift's Glibc module leaves out (it does not define _GNU_SOURCE).
@_silgen_name("sched_getcpu") private func currentProcessor() -> Int32
@_silgen_name("sched_getaffinity") private func processorsAllowed(_ thread: pid_t, _ size: Int, _ set: UnsafeMutableRawPointer) -> Int32
@_silgen_name("sched_setaffinity") private func setCallerProcessors(_ thread: pid_t, _ size: Int, _ set: UnsafeMutableRawPointer) -> Int32
@_silgen_name("pthread_attr_setaffinity_np")
private func setProcessors(_ attributes: UnsafeMutablePointer<pthread_attr_t>, _ size: Int, _ set: UnsafeRawPointer) -> Int32
