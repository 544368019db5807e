import Glibc
import GrantCore
import GrantFormats

/// An expenditure file read through `ExpenditureScan` (the fast reading), a piece at a time:
/// for a folder's sums, and for a large import.
enum ScannedFile {
    /// One expenditure file scanned into `sums` a piece at a time (each line handed to `emit`
    /// when given, see `ExpenditureScan.scan`), with its SHA-256 when `digesting` (hashed by a
    /// second thread as the file is read); nil to leave the file to the full reading (which also
    /// reports any error).
    static func read(_ path: String, shownAs shown: String, grant: Grant, screen: Audit.LineScreen?, digesting: Bool,
                     into sums: inout ExpenditureSums, emit: ((EuroLineBytes, Int) -> Bool)? = nil) -> (ExpenditureScan, [UInt8]?)? {
        guard let descriptor = try? FileSystem.openInput(path) else { return nil }
        defer { close(descriptor) }
        let digest = digesting ? FileDigest(path) : nil
        guard let identity = FileIdentity(descriptor),
              let scan = read(descriptor, shownAs: shown, grant: grant, screen: screen, into: &sums, emit: emit),
              FileIdentity(descriptor) == identity else {
            _ = digest?.wait()
            return nil
        }
        guard let digest else { return (scan, nil) }
        // The digest is of the bytes scanned only if both reads saw the same unchanged file.
        guard let hashed = digest.wait(), hashed.identity == identity else { return nil }
        return (scan, hashed.sha256)
    }

    private static func read(_ descriptor: Int32, shownAs shown: String, grant: Grant, screen: Audit.LineScreen?,
                             into sums: inout ExpenditureSums, emit: ((EuroLineBytes, Int) -> Bool)?) -> ExpenditureScan? {
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: ExpenditureScan.chunkBytes)
        defer { buffer.deallocate() }
        var scan: ExpenditureScan?
        var filled = 0
        var fileBytes = 0
        while true {
            guard let count = FileSystem.read(descriptor, into: UnsafeMutableBufferPointer(rebasing: buffer[filled...])) else { return nil }
            fileBytes += count
            filled += count
            guard fileBytes <= Limits.inputFileBytesMax else { return nil }
            let isFinal = count == 0
            var taken = 0
            if scan == nil {
                guard let lineFeed = buffer[..<filled].firstIndex(of: UInt8(ascii: "\n")) else {
                    if isFinal || filled == buffer.count { return nil }
                    continue
                }
                guard let header = ExpenditureScan(header: Array(buffer[...lineFeed]), file: shown, grant: grant, screen: screen) else { return nil }
                scan = header
                taken = lineFeed + 1
            }
            guard let used = scan?.scan(UnsafeBufferPointer(rebasing: buffer[taken..<filled]), isFinal: isFinal, into: &sums, emit: emit) else { return nil }
            taken += used
            if isFinal {
                // A file of only a header is the full reader's to refuse.
                guard let scan, taken == filled, scan.lineCount > 0 else { return nil }
                return scan
            }
            guard taken > 0 || filled < buffer.count else { return nil }  // A record longer than the buffer.
            let rest = filled - taken
            if taken > 0, rest > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + taken, rest) }
            filled = rest
        }
    }
}
