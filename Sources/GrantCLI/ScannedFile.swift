import Glibc
import Synchronization
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

    /// Files from this size on are read for sums by two threads at once, piece by piece.
    static let sharingBytes = 256 << 10
    /// The pieces the two threads take in turn: whoever is free takes the next, so a thread that
    /// starts late (or shares its core with the file digest) does less.
    static let pieceBytes = 128 << 10

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
    /// small, else by this thread and a second one taking pieces in turn, their sums then added.
    private static func read(_ descriptor: Int32, size: Int, shownAs shown: String, grant: Grant, screen: Audit.LineScreen?,
                             into sums: inout ExpenditureSums, emit: ((EuroLineBytes, Int) -> Bool)?) -> Scanned? {
        guard size <= Limits.inputFileBytesMax, let header = lineEnd(descriptor, from: 0, size: size),
              let first = ExpenditureScan(header: header.bytes, file: shown, grant: grant, screen: screen) else { return nil }
        var scans = [first]
        if emit == nil, size >= sharingBytes {
            let second = first.sibling()
            let pieces = Pieces(descriptor, records: header.end..<size)
            let helper = PieceScan(pieces, scan: second, sums: sums.emptied())
            let mine = pieces.scan(with: first, into: &sums)
            guard helper.wait(), mine, sums.merge(helper.sums) else { return nil }
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
    /// line starts; a last line without a line feed ends at `size`. Nil when the file cannot be
    /// read there, or 64 KiB hold no line feed and the file goes on. Most lines are short: 4 KiB
    /// are read first.
    static func lineEnd(_ descriptor: Int32, from offset: Int, size: Int) -> (bytes: [UInt8], end: Int)? {
        for limit in [1 << 12, 1 << 16] {
            let length = min(limit, size - offset)
            guard length > 0 else { return nil }
            var bytes = [UInt8](repeating: 0, count: length)
            guard let count = bytes.withUnsafeMutableBufferPointer({ FileSystem.read(descriptor, into: $0, at: offset) }),
                  count == length else { return nil }
            if let lineFeed = bytes.firstIndex(of: UInt8(ascii: "\n")) { return (Array(bytes[...lineFeed]), offset + lineFeed + 1) }
            if offset + length == size { return (bytes, size) }
        }
        return nil
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

/// A file's records cut into pieces of about `ScannedFile.pieceBytes`, handed out in order to
/// the threads scanning it. A piece runs from the first record starting at or after its offset
/// to the first record starting at or after the next piece's, so every record is read once.
private final class Pieces: Sendable {
    private let descriptor: Int32
    private let records: Range<Int>
    private let count: Int
    private let next = Atomic<Int>(0)

    init(_ descriptor: Int32, records: Range<Int>) {
        self.descriptor = descriptor
        self.records = records
        count = (records.count + ScannedFile.pieceBytes - 1) / ScannedFile.pieceBytes
    }

    /// Scans the pieces this thread takes into `sums` until none is left; false to give up (then
    /// no one takes another piece).
    func scan(with scan: ExpenditureScan, into sums: inout ExpenditureSums) -> Bool {
        while true {
            let piece = next.add(1, ordering: .relaxed).oldValue
            guard piece < count else { return true }
            guard let start = recordStart(piece), let end = recordStart(piece + 1),
                  start >= end || ScannedFile.scan(descriptor, range: start..<end, with: scan, into: &sums, emit: nil) else {
                next.store(count, ordering: .relaxed)
                return false
            }
        }
    }

    /// Where the first record at or after piece `piece`'s offset starts: after the line that
    /// holds the byte before the offset (the offset itself when that byte is a line feed).
    private func recordStart(_ piece: Int) -> Int? {
        guard piece > 0 else { return records.lowerBound }
        let offset = records.lowerBound + piece * ScannedFile.pieceBytes
        guard offset < records.upperBound else { return records.upperBound }
        return ScannedFile.lineEnd(descriptor, from: offset - 1, size: records.upperBound)?.end
    }
}

/// A second thread scanning pieces of a file for sums (see `Pieces`). The thread alone touches
/// `sums` and `scan` until `wait` returns; the join orders the two.
private final class PieceScan: @unchecked Sendable {
    private let pieces: Pieces
    private let scan: ExpenditureScan
    private(set) var sums: ExpenditureSums
    // Without a thread, the caller takes every piece and this one has none to read.
    private var succeeded = true
    private var thread: HelperThread?

    init(_ pieces: Pieces, scan: ExpenditureScan, sums: ExpenditureSums) {
        self.pieces = pieces
        self.scan = scan
        self.sums = sums
        // Both threads scan until the pieces run out: each keeps its processor.
        thread = HelperThread.start(holdingCaller: true) { self.succeeded = self.pieces.scan(with: self.scan, into: &self.sums) }
    }

    /// Waits for the thread; whether its pieces were read.
    func wait() -> Bool {
        thread?.join()
        return succeeded
    }
}
