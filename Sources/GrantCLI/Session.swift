import Glibc
import GrantCore

/// What a command runs with besides its arguments: where it writes, the environment it reads
/// (`GRANTLEDGER_DB`, `USER`), and the clock that stamps new entries.
public struct Session {
    public let console: Console
    public let environment: [String: String]
    /// The current time, UTC, to the second.
    public let now: () -> Timestamp
    /// The operating-system user: the name of a key made without one, when USER does not say.
    public let userName: String

    public init(console: Console, environment: [String: String], userName: String = Session.operatingSystemUser, now: @escaping () -> Timestamp) {
        self.console = console
        self.environment = environment
        self.userName = userName
        self.now = now
    }

    /// The process's own environment and clock. `GRANTLEDGER_NOW` (e.g. `2026-11-22T13:36:35Z`)
    /// fixes the clock, so examples and tests can be reproduced to the byte.
    public static func standard(console: Console) -> Session {
        let environment = processEnvironment
        let fixed = environment["GRANTLEDGER_NOW"].flatMap(Timestamp.init(text:))
        return Session(console: console, environment: environment) { fixed ?? Timestamp(secondsSince1970: time(nil)) }
    }

    /// The process's environment variables.
    static var processEnvironment: [String: String] {
        var result: [String: String] = [:]
        var cursor = environ
        while let entry = cursor.pointee {
            // Split at the first "=" in the C string itself: cheaper than searching a String by characters.
            if let equals = strchr(entry, 0x3D) {
                let name = UnsafeRawBufferPointer(start: entry, count: equals - entry)
                result[String(decoding: name, as: UTF8.self)] = String(cString: equals + 1)
            }
            cursor += 1
        }
        return result
    }

    /// The user's name: `USER`, else `LOGNAME`, else the operating-system user's (the name a key
    /// made without one goes by).
    var keyOwnerName: String {
        environment["USER"] ?? environment["LOGNAME"] ?? userName
    }

    /// The name of the user the process runs as, from the password database.
    public static var operatingSystemUser: String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else { return "unknown" }
        return String(cString: name)
    }
}

/// A moment in UTC to the second, as ledger entries record it.
public struct Timestamp: Equatable, Sendable {
    public let date: CalendarDate
    /// ISO 8601: `2026-11-22T13:36:35Z`.
    public let text: String

    /// Reads `YYYY-MM-DDTHH:MM:SSZ`.
    public init?(text: String) {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let date = CalendarDate(text: String(parts[0])), parts[1].count == 9, parts[1].hasSuffix("Z") else { return nil }
        let clock = parts[1].dropLast().split(separator: ":")
        guard clock.count == 3, let hours = Int(clock[0]), let minutes = Int(clock[1]), let seconds = Int(clock[2]),
              (0..<24).contains(hours), (0..<60).contains(minutes), (0..<60).contains(seconds) else { return nil }
        self.date = date
        self.text = text
    }

    /// The UTC moment `seconds` after 1970-01-01T00:00:00Z.
    init(secondsSince1970 seconds: time_t) {
        var moment = seconds
        var parts = tm()
        gmtime_r(&moment, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        date = CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
        text = "\(date)T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}
