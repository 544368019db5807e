import Glibc

/// A thread beside the calling one, for work that is short and wanted soon: a file's digest, part
/// of a scan. It is placed on another processor than the caller's. Left to itself, the scheduler
/// here puts a new thread on the caller's own busy processor about half the time, where it waits
/// for milliseconds (measured on the project's 2-processor machine: 3 ms against 40 µs).
final class HelperThread: @unchecked Sendable {
    private var thread = pthread_t()
    private var joined = false

    /// Runs `body` on a new thread; nil when none can be started, and the caller does the work.
    static func start(_ body: @escaping () -> Void) -> HelperThread? {
        let helper = HelperThread()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if let processors = otherProcessors() {
            processors.withUnsafeBytes { _ = setProcessors(&attributes, $0.count, $0.baseAddress!) }
        }
        let context = Unmanaged.passRetained(Body(body)).toOpaque()
        guard pthread_create(&helper.thread, &attributes, { context in
            Unmanaged<Body>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context) == 0 else {
            Unmanaged<Body>.fromOpaque(context).release()
            return nil
        }
        return helper
    }

    private init() {}

    /// Waits for the thread to end; what it wrote is then visible to the caller.
    func join() {
        guard !joined else { return }
        pthread_join(thread, nil)
        joined = true
    }

    private final class Body {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    /// The processors this process may run on but the one the caller runs on now, as a
    /// `cpu_set_t` (1,024 bits); nil when there is no other, or they cannot be told.
    private static func otherProcessors() -> [UInt8]? {
        var set = [UInt8](repeating: 0, count: 128)
        let current = Int(currentProcessor())
        guard set.withUnsafeMutableBytes({ processorsAllowed(0, $0.count, $0.baseAddress!) }) == 0,
              current >= 0, current < set.count * 8 else { return nil }
        set[current / 8] &= ~UInt8(1 << (current % 8))
        return set.contains { $0 != 0 } ? set : nil
    }
}

// glibc's GNU extensions, which Swift's Glibc module leaves out (it does not define _GNU_SOURCE).
@_silgen_name("sched_getcpu") private func currentProcessor() -> Int32
@_silgen_name("sched_getaffinity") private func processorsAllowed(_ process: pid_t, _ size: Int, _ set: UnsafeMutableRawPointer) -> Int32
@_silgen_name("pthread_attr_setaffinity_np")
private func setProcessors(_ attributes: UnsafeMutablePointer<pthread_attr_t>, _ size: Int, _ set: UnsafeRawPointer) -> Int32
