import Glibc
import GrantCore
import GrantFormats
import GrantStore

/// The file operations commands need, in one place, with errors a person can act on. Written
/// on the C library, not Foundation, so the tool starts in a few milliseconds.
enum FileSystem {
    /// The whole file, read a piece at a time so that a file beyond `Limits.inputFileBytesMax`
    /// is refused instead of filling memory.
    static func readBytes(_ path: String) throws(CLIError) -> [UInt8] {
        let descriptor = try openInput(path)
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        while true {
            let piece = try readPiece(descriptor, path: path)
            if piece.isEmpty { return bytes }
            bytes.append(contentsOf: piece)
            guard bytes.count <= Limits.inputFileBytesMax else {
                throw .input(InputError(file: path, location: .wholeFile, problem: "the file is larger than \(Limits.inputFileBytesMax) bytes, the most an input file may have"))
            }
        }
    }

    /// An input file opened for reading, once it is known to be a regular file within
    /// `Limits.inputFileBytesMax`; the caller closes it.
    static func openInput(_ path: String) throws(CLIError) -> Int32 {
        try refuseIrregularOrOversized(path)
        guard !isFolder(path) else { throw .unreadable(path: path, reason: "it is a folder or cannot be read") }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .unreadable(path: path, reason: exists(path) ? "permission denied or not a regular file" : "no such file")
        }
        return descriptor
    }

    /// What gives an open file's next bytes (as many as asked for, none at its end), for a reader;
    /// a failed read is an input error naming the file.
    static func pieces(of descriptor: Int32, path: String) -> (Int) throws(InputError) -> [UInt8] {
        { (count) throws(InputError) in
            do throws(CLIError) {
                return try readPiece(descriptor, path: path, size: count)
            } catch {
                throw InputError(file: path, location: .wholeFile, problem: "cannot be read: \(error.message)")
            }
        }
    }

    /// Up to 4 MiB from an open file; empty at its end.
    static func readPiece(_ descriptor: Int32, path: String, size: Int = 1 << 22) throws(CLIError) -> [UInt8] {
        var failed = false
        // Read straight into the array's uninitialised storage: no zero-filling of every piece.
        let piece = [UInt8](unsafeUninitializedCapacity: size) { buffer, initialised in
            let count = read(descriptor, into: buffer)
            initialised = count ?? 0
            failed = count == nil
        }
        guard !failed else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        return piece
    }

    /// Reads from an open file into `buffer`, as many bytes as come (0 at its end); nil on a read error.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Int? {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            guard errno == EINTR else { return nil }
        }
    }

    /// Reads from an open file at `offset` into `buffer` until it is full or the file ends; the
    /// count read, or nil on a read error.
    static func read(_ descriptor: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int? {
        var done = 0
        while done < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if count == 0 { break }
            if count < 0 {
                guard errno == EINTR else { return nil }
                continue
            }
            done += count
        }
        return done
    }

    /// Refuses, before reading any of it, what is not a regular file (a pipe would wait for ever,
    /// a device never ends) or a file beyond `Limits.inputFileBytesMax`.
    private static func refuseIrregularOrOversized(_ path: String) throws(CLIError) {
        guard let status = status(path) else { return }
        let type = status.st_mode & S_IFMT
        if type != S_IFREG, type != S_IFDIR {
            throw .input(InputError(file: path, location: .wholeFile, problem: "is not a regular file (a device, pipe or socket); give the path of a file"))
        }
        guard status.st_size > Limits.inputFileBytesMax else { return }
        throw .input(InputError(file: path, location: .wholeFile,
                                problem: "the file is \(status.st_size) bytes, more than the \(Limits.inputFileBytesMax) an input file may have; split it into several files"))
    }

    /// What stat(2) says about `path`, following links; nil when there is nothing there.
    private static func status(_ path: String) -> stat? {
        var result = stat()
        return stat(path, &result) == 0 ? result : nil
    }

    static func exists(_ path: String) -> Bool { status(path) != nil }

    /// The permission bits of `path` (e.g. 0o600), or nil when it cannot be examined.
    static func permissions(_ path: String) -> mode_t? { status(path).map { $0.st_mode & 0o777 } }

    /// What tells one version of a file from the next: its identity, size and modification time.
    struct Version: Equatable {
        let device: UInt64, inode: UInt64, size: Int64, seconds: Int, nanoseconds: Int
    }

    static func version(_ path: String) -> Version? {
        status(path).map { Version(device: UInt64($0.st_dev), inode: UInt64($0.st_ino), size: Int64($0.st_size),
                                   seconds: Int($0.st_mtim.tv_sec), nanoseconds: Int($0.st_mtim.tv_nsec)) }
    }

    /// Refuses a file that is not what it was at `before`: one still being written would
    /// otherwise be imported as a prefix, and its rest later as a second batch.
    static func refuseChanged(_ path: String, since before: Version?) throws(InputError) {
        let now = version(path)
        guard now != before else { return }
        let sizes = before.flatMap { earlier in now.map { "it was \(earlier.size) bytes and is now \($0.size)" } } ?? "it was replaced"
        throw InputError(file: path, location: .wholeFile,
                         problem: "the file changed while it was being read (\(sizes)): is it still being written? "
                             + "Nothing was imported; import it once it is complete")
    }

    static func isFolder(_ path: String) -> Bool {
        status(path).map { $0.st_mode & S_IFMT == S_IFDIR } ?? false
    }

    /// The names in `path`, sorted byte-wise so every run lists them in the same order.
    static func contents(_ path: String) throws(CLIError) -> [String] {
        guard isFolder(path), let folder = opendir(path) else { throw .unreadable(path: path, reason: "not a folder that can be listed") }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != ".", name != ".." { names.append(name) }
        }
        return names.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }

    /// Writes `text` to `path` whole: into a temporary file beside it, then renamed over it, so a
    /// reader never sees half a report. `protecting` names files the write must never replace
    /// (the ledger, the command's inputs).
    static func write(_ text: String, to path: String, protecting: [String] = []) throws(CLIError) {
        try write(Array(text.utf8), to: path, protecting: protecting)
    }

    /// Writes `bytes` to `path` whole, as `write(_:to:)` does for text. It refuses a folder, a
    /// device, a FIFO or a socket at `path`, any of `protecting` (by file identity, so through
    /// any other name or link), and a file holding a SQLite database (a ledger). The temporary
    /// file is created exclusively, never through a link planted at its name; it follows the
    /// umask, as files a user writes do.
    static func write(_ bytes: [UInt8], to path: String, protecting: [String] = []) throws(CLIError) {
        try refuseDestructiveOutput(path, protecting: protecting)
        let (folder, name) = split(path)
        try makeFolders(folder, for: path)
        var temporary = ""
        var descriptor: Int32 = -1
        for attempt in 0..<100 {
            temporary = join(folder, ".\(name).partial-\(getpid())-\(attempt)-\(UInt32.random(in: 0...UInt32.max))")
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o666)
            if descriptor >= 0 || errno != EEXIST { break }
        }
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw .unwritable(path: path, reason: reason)
            }
            written += count
        }
        close(descriptor)
        // rename(2) replaces the old file in one step, on the same file system (a link at `path`
        // is replaced itself, never the file it points to).
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unwritable(path: path, reason: reason)
        }
    }

    /// Why writing `path` would destroy something, thrown; nothing when it is a new name or a
    /// regular file of no importance.
    private static func refuseDestructiveOutput(_ path: String, protecting: [String]) throws(CLIError) {
        if LedgerStore.isServer(path) {
            throw .unwritable(path: path, reason: "it names a database on a server, not a file; name a file to write the output to")
        }
        // A ledger's companions (-wal, -shm, -journal) may not exist yet while it is closed: refused by name.
        if let canonical = canonicalName(path) {
            for protected in protecting {
                for suffix in ["-wal", "-shm", "-journal"] where canonicalName(protected + suffix) == canonical {
                    throw .unwritable(path: path, reason: "it is \(protected)\(suffix), a part of the ledger this "
                        + "command reads; name another file")
                }
            }
        }
        var link = stat()
        guard lstat(path, &link) == 0 else { return }
        let type = link.st_mode & S_IFMT
        if type == S_IFDIR { throw .unwritable(path: path, reason: "it is a folder; name a file to write the output to") }
        if type != S_IFREG && type != S_IFLNK {
            throw .unwritable(path: path, reason: "it is not a regular file (a device, FIFO or socket); name a regular "
                + "file to write the output to")
        }
        guard let target = status(path) else { return }
        for protected in protecting.flatMap({ [$0, $0 + "-wal", $0 + "-shm"] }) {
            guard let other = status(protected), other.st_dev == target.st_dev, other.st_ino == target.st_ino else { continue }
            throw .unwritable(path: path, reason: "it is \(protected), which this command reads; the output would "
                + "replace it. Name another file")
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = header.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, 16) }
        if count == 16, header == Array("SQLite format 3\0".utf8) {
            throw .unwritable(path: path, reason: "it holds a SQLite database (a ledger?), which a report must not "
                + "replace; name another file")
        }
    }

    /// `path` with its folder resolved (links, `..`), for comparing names of files that may not exist.
    private static func canonicalName(_ path: String) -> String? {
        let (folder, name) = split(path)
        guard let resolved = realpath(folder, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + name
    }

    /// The folder part and the name part of `path` (the folder is "." for a bare name).
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// Writes a new file at `path` readable by its owner only (0600), in folders made 0700 when
    /// missing: for a secret key. An existing file or link at `path` is never replaced.
    static func createPrivate(_ text: String, at path: String) throws(CLIError) {
        let (folder, name) = split(path)
        try makeFolders(folder, for: path, mode: 0o700)
        // Written whole under a temporary name, then linked into place: a killed command leaves
        // the file whole or not there, never empty (which every later command would refuse).
        let temporary = join(folder, ".\(name).creating-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        defer { unlink(temporary) }
        let bytes = Array(text.utf8)
        let count = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress!, bytes.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard count == bytes.count, synced else { throw .unwritable(path: path, reason: String(cString: strerror(errno))) }
        guard link(temporary, path) == 0 else {
            let reason = errno == EEXIST ? "a file of that name is already there; it was left as it was" : String(cString: strerror(errno))
            throw .unwritable(path: path, reason: reason)
        }
    }

    /// Makes `folder` and any missing folders above it.
    private static func makeFolders(_ folder: String, for path: String, mode: mode_t = 0o755) throws(CLIError) {
        guard !isFolder(folder) else { return }
        let parent = split(folder).folder
        if parent != folder { try makeFolders(parent, for: path, mode: mode) }
        guard mkdir(folder, mode) == 0 || errno == EEXIST else {
            throw .unwritable(path: path, reason: "cannot make the folder \(folder): \(String(cString: strerror(errno)))")
        }
    }

    /// `path` joined to `name` with one slash.
    static func join(_ path: String, _ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }
}
