import Glibc
import GrantCore
import GrantFormats

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
    /// reader never sees half a report.
    static func write(_ text: String, to path: String) throws(CLIError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` whole, as `write(_:to:)` does for text.
    static func write(_ bytes: [UInt8], to path: String) throws(CLIError) {
        let (folder, name) = split(path)
        try makeFolders(folder, for: path)
        let temporary = join(folder, ".\(name).partial")
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
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
        // rename(2) replaces the old file in one step, on the same file system.
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw .unwritable(path: path, reason: reason)
        }
    }

    /// The folder part and the name part of `path` (the folder is "." for a bare name).
    private static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    /// Makes `folder` and any missing folders above it.
    private static func makeFolders(_ folder: String, for path: String) throws(CLIError) {
        guard !isFolder(folder) else { return }
        let parent = split(folder).folder
        if parent != folder { try makeFolders(parent, for: path) }
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else {
            throw .unwritable(path: path, reason: "cannot make the folder \(folder): \(String(cString: strerror(errno)))")
        }
    }

    /// `path` joined to `name` with one slash.
    static func join(_ path: String, _ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }
}
