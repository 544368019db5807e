import Glibc
import GrantCore
import GrantFormats

/// An expenditure file read through `ExpenditureScan` (the fast reading), a piece at a time:
/// for a folder's sums, and for a large import.
enum ScannedFile {
    /// What a scan of one file found.
    struct Scanned {
        let lines: Int64
        let cents: Int64
        /// The file's SHA-256, when asked for.
        let digest: [UInt8]?
    }

    /// Files from this size on are read for sums in two halves at once, one on a second thread.
    static let halvingBytes = 1 << 20

    /// One expenditure file scanned into `sums` (each line handed to `emit` when given, see
    /// `ExpenditureScan.scan`), with its SHA-256 when `digesting` (hashed by another thread as
    /// the file is read); nil to leave the file to the full reading (which also reports any error).
    static func read(_ path: String, shownAs shown: String, grant: Grant, screen: Audit.LineScreen?, digesting: Bool,
                     into sums: inout ExpenditureSums, emit: ((EuroLineBytes, Int) -> Bool)? = nil) -> Scanned? {
        guard let descriptor = try? FileSystem.openInput(path) else { return nil }
        defer { close(descriptor) }
        let digest = digesting ? FileDigest(path) : nil
        guard let identity = FileIdentity(descriptor),
              let scanned = read(descriptor, size: Int(identity.size), shownAs: shown, grant: grant, screen: screen, into: &sums, emit: emit),
              FileIdentity(descriptor) == identity else {
            _ = digest?.wait()
            return nil
        }
        guard let digest else { return scanned }
        // The digest is of the bytes scanned only if both reads saw the same unchanged file.
        guard let hashed = digest.wait(), hashed.identity == identity else { return nil }
        return Scanned(lines: scanned.lines, cents: scanned.cents, digest: hashed.sha256)
    }

    /// The file after its header line, scanned in order when lines are handed on or the file is
    /// small, else in two halves at once (split after a line break), their sums then added.
    private static func read(_ descriptor: Int32, size: Int, shownAs shown: String, grant: Grant, screen: Audit.LineScreen?,
                             into sums: inout ExpenditureSums, emit: ((EuroLineBytes, Int) -> Bool)?) -> Scanned? {
        guard size <= Limits.inputFileBytesMax, let header = lineEnd(descriptor, from: 0, size: size),
              let first = ExpenditureScan(header: header.bytes, file: shown, grant: grant, screen: screen) else { return nil }
        var scans = [first]
        if emit == nil, size >= halvingBytes, let middle = lineEnd(descriptor, from: size / 2, size: size), middle.end < size,
           let second = ExpenditureScan(header: header.bytes, file: shown, grant: grant, screen: screen) {
            let other = HalfScan(descriptor, range: middle.end..<size, scan: second, sums: sums.emptied())
            let mine = scan(descriptor, range: header.end..<middle.end, with: first, into: &sums, emit: nil)
            guard other.wait(), mine, sums.merge(other.sums) else { return nil }
            scans.append(second)
        } else {
            guard scan(descriptor, range: header.end..<size, with: first, into: &sums, emit: emit) else { return nil }
        }
        let lines = scans.reduce(0) { $0 + $1.lineCount }
        let (cents, overflow) = scans.reduce((Int64(0), false)) { total, scan in
            let (sum, overflow) = total.0.addingReportingOverflow(scan.totalCents)
            return (sum, total.1 || overflow)
        }
        // A file of only a header is the full reader's to refuse.
        guard lines > 0, !overflow else { return nil }
        return Scanned(lines: lines, cents: cents, digest: nil)
    }

    /// The bytes from `offset` to the end of that line (its line feed included) and where the next
    /// line starts; nil when no line feed comes within 64 KiB.
    private static func lineEnd(_ descriptor: Int32, from offset: Int, size: Int) -> (bytes: [UInt8], end: Int)? {
        let length = min(1 << 16, size - offset)
        guard length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: length)
        let count = bytes.withUnsafeMutableBufferPointer { FileSystem.read(descriptor, into: $0, at: offset) }
        guard let count, let lineFeed = bytes[..<count].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return (Array(bytes[...lineFeed]), offset + lineFeed + 1)
    }

    /// Scans the bytes of `range` with `scan` a piece at a time; false to give up.
    fileprivate static func scan(_ descriptor: Int32, range: Range<Int>, with scan: ExpenditureScan, into sums: inout ExpenditureSums,
                                 emit: ((EuroLineBytes, Int) -> Bool)?) -> Bool {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: ExpenditureScan.chunkBytes)
        defer { buffer.deallocate() }
        var offset = range.lowerBound
        var filled = 0
        while true {
            let wanted = min(buffer.count - filled, range.upperBound - offset)
            guard let count = FileSystem.read(descriptor, into: UnsafeMutableBufferPointer(rebasing: buffer[filled..<(filled + wanted)]), at: offset),
                  count == wanted else { return false }
            offset += count
            filled += count
            let isFinal = offset == range.upperBound
            guard let taken = scan.scan(UnsafeBufferPointer(rebasing: buffer[..<filled]), isFinal: isFinal, into: &sums, emit: emit) else { return false }
            if isFinal { return taken == filled }
            guard taken > 0 || filled < buffer.count else { return false }  // A record longer than the buffer.
            let rest = filled - taken
            if taken > 0, rest > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + taken, rest) }
            filled = rest
        }
    }
}

/// The second half of a file scanned for sums on a thread of its own (see `ScannedFile`). The
/// thread alone touches `sums` and `scan` until `wait` returns; `pthread_join` orders the two.
private final class HalfScan: @unchecked Sendable {
    private let descriptor: Int32
    private let range: Range<Int>
    private let scan: ExpenditureScan
    private(set) var sums: ExpenditureSums
    private var succeeded = false
    private var thread = pthread_t()
    private var started = false

    init(_ descriptor: Int32, range: Range<Int>, scan: ExpenditureScan, sums: ExpenditureSums) {
        self.descriptor = descriptor
        self.range = range
        self.scan = scan
        self.sums = sums
        let context = Unmanaged.passRetained(self).toOpaque()
        started = pthread_create(&thread, nil, { context in
            Unmanaged<HalfScan>.fromOpaque(context!).takeRetainedValue().run()
            return nil
        }, context) == 0
        if !started {
            Unmanaged<HalfScan>.fromOpaque(context).release()
            run()
        }
    }

    private func run() {
        succeeded = ScannedFile.scan(descriptor, range: range, with: scan, into: &sums, emit: nil)
    }

    /// Waits for the thread; whether its half was read.
    func wait() -> Bool {
        if started {
            pthread_join(thread, nil)
            started = false
        }
        return succeeded
    }
}
