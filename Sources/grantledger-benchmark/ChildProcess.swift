import Foundation

/// Why a benchmark stopped.
struct BenchmarkFailure: Error {
    let message: String
}

/// One run of a command as a child process: wall seconds on this clock, its peak resident memory
/// (from wait4, the child's own) and its exit status (128 + the signal when killed).
struct ChildRun {
    let seconds: Double  // money-ok: a timing
    let megabytes: Double  // money-ok: a memory size
    let status: Int32

    /// Runs `command` (spawned directly: Foundation's `Process` spends ~50 ms starting a child
    /// here) with its standard output to `output`; nil when it cannot be started.
    static func spawn(_ command: [String], environment: [String: String], output: String = "/dev/null") -> ChildRun? {
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = command.map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var child: pid_t = 0
        let started = ContinuousClock.now
        guard posix_spawn(&child, command[0], &actions, nil, argv, envp) == 0 else { return nil }
        var status: Int32 = 0
        var usage = rusage()
        guard wait4(child, &status, 0, &usage) == child else { return nil }
        let elapsed = started.duration(to: .now).components
        let exited = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return ChildRun(seconds: Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18,  // money-ok: a timing
                        megabytes: Double(usage.ru_maxrss) / 1024, status: exited)  // money-ok: a memory size
    }

    /// The run of median time among `times` runs of `make`, with the highest peak memory of them;
    /// nil when one of them could not be started.
    static func median(of times: Int, _ make: () -> ChildRun?) -> ChildRun? {
        var runs: [ChildRun] = []
        for _ in 0..<max(times, 1) {
            guard let run = make() else { return nil }
            runs.append(run)
        }
        let middle = runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
        return ChildRun(seconds: middle.seconds, megabytes: runs.map(\.megabytes).max() ?? 0, status: middle.status)
    }
}
