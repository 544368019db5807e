import Glibc

/// Starts threads for the work that runs beside the caller's (reading ahead, hashing, writing
/// blocks): the one place a POSIX thread is created. A C thread function can capture nothing,
/// so what the thread runs is handed to it in a box, retained until the thread has run it.
package enum SecondThread {
    /// A new thread running `body`, or nil when none can be started (the caller then does the
    /// work on its own thread). The caller joins it.
    package static func start(_ body: @escaping () -> Void) -> pthread_t? {
        var thread = pthread_t()
        let box = Unmanaged.passRetained(Body(body)).toOpaque()
        guard pthread_create(&thread, nil, { box in
            Unmanaged<Body>.fromOpaque(box!).takeRetainedValue().run()
            return nil
        }, box) == 0 else {
            Unmanaged<Body>.fromOpaque(box).release()
            return nil
        }
        return thread
    }

    private final class Body {
        let run: () -> Void

        init(_ run: @escaping () -> Void) { self.run = run }
    }
}
