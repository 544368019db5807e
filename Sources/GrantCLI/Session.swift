import Foundation
import GrantCore

/// What a command runs with besides its arguments: where it writes, the environment it reads
/// (`GRANTLEDGER_DB`, `USER`), and the clock that stamps new entries.
public struct Session {
    public let console: Console
    public let environment: [String: String]
    /// The current time, UTC, to the second.
    public let now: () -> Timestamp
    /// The operating-system user, the author of entries when neither --author nor USER says.
    public let userName: String

    public init(console: Console, environment: [String: String], userName: String = NSUserName(), now: @escaping () -> Timestamp) {
        self.console = console
        self.environment = environment
        self.userName = userName
        self.now = now
    }

    /// The process's own environment and clock. `GRANTLEDGER_NOW` (e.g. `2026-11-22T13:36:35Z`)
    /// fixes the clock, so examples and tests can be reproduced to the byte.
    public static func standard(console: Console) -> Session {
        let environment = ProcessInfo.processInfo.environment
        let fixed = environment["GRANTLEDGER_NOW"].flatMap(Timestamp.init(text:))
        return Session(console: console, environment: environment) { fixed ?? Timestamp(Date()) }
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

    init(_ moment: Date) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: moment)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        date = CalendarDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)!
        text = "\(date)T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))Z"
    }
}
