import Glibc
import GrantCore

/// The SHA-256 of a file, computed on a thread of its own while the caller reads the same file
/// for something else (a folder's sums), so a report's fingerprint costs no time of its own on a
/// machine with two cores. The file's identity (device, inode, size, modification time) is kept
/// with the digest, so the caller can check it hashed the file it read.
final class FileDigest: @unchecked Sendable {
    /// What the thread found: the digest and the file it read; nil when the file could not be read.
    struct Result: Equatable {
        let sha256: [UInt8]
        let identity: FileIdentity
    }

    private let path: String
    // Written by the thread before it ends, read only after the join, which orders them.
    private var result: Result?
    private var thread: HelperThread?

    /// Starts hashing `path`.
    init(_ path: String) {
        self.path = path
        // The digest is done long before the caller's reading (an import's, a large scan's): the caller stays free to move.
        thread = HelperThread.start(holdingCaller: false) { self.result = self.compute() }
        if thread == nil { result = compute() }
    }

    /// Waits for the thread and gives what it found.
    func wait() -> Result? {
        thread?.join()
        return result
    }

    private func compute() -> Result? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        guard let before = FileIdentity(descriptor) else { return nil }
        let size = 128 << 10
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: size)
        defer { buffer.deallocate() }
        var hasher = SHA256()
        while true {
            guard let count = FileSystem.read(descriptor, into: buffer) else { return nil }
            if count == 0 { break }
            hasher.update(UnsafeBufferPointer(rebasing: buffer[..<count]))
        }
        guard FileIdentity(descriptor) == before else { return nil }
        return Result(sha256: hasher.finalize(), identity: before)
    }
}

/// Which file, in which state: a file changed or replaced while it was read shows another identity.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    init?(_ descriptor: Int32) {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
        size = Int64(status.st_size)
        modifiedSeconds = status.st_mtim.tv_sec
        modifiedNanoseconds = status.st_mtim.tv_nsec
    }
}
