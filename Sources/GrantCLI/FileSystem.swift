import Foundation
import GrantCore
import GrantFormats

/// The file operations commands need, in one place, with errors a person can act on.
enum FileSystem {
    /// The whole file, read a piece at a time so that a file beyond `Limits.inputFileBytesMax`
    /// (or an endless one such as /dev/zero) is refused instead of filling memory.
    static func readBytes(_ path: String) throws(CLIError) -> [UInt8] {
        try refuseOversized(path)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: exists(path) ? "permission denied or not a regular file" : "no such file")
        }
        defer { try? handle.close() }
        var bytes: [UInt8] = []
        do {
            while let piece = try handle.read(upToCount: 1 << 22), !piece.isEmpty {
                bytes.append(contentsOf: piece)
                guard bytes.count <= Limits.inputFileBytesMax else {
                    throw CLIError.input(InputError(file: path, location: .wholeFile,
                                                    problem: "the file is larger than \(Limits.inputFileBytesMax) bytes, the most an input file may have"))
                }
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw .unreadable(path: path, reason: "it is a folder or cannot be read")
        }
        return bytes
    }

    /// Refuses, before reading any of it, what is not a regular file (a pipe would wait for ever,
    /// a device never ends) or a file beyond `Limits.inputFileBytesMax`.
    static func refuseOversized(_ path: String) throws(CLIError) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return }
        if let type = attributes[.type] as? FileAttributeType, type != .typeRegular, type != .typeDirectory {
            throw .input(InputError(file: path, location: .wholeFile, problem: "is not a regular file (a device, pipe or socket); give the path of a file"))
        }
        guard let size = attributes[.size] as? Int, size > Limits.inputFileBytesMax else { return }
        throw .input(InputError(file: path, location: .wholeFile,
                                problem: "the file is \(size) bytes, more than the \(Limits.inputFileBytesMax) an input file may have; split it into several files"))
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }

    /// The names in `path`, sorted byte-wise so every run lists them in the same order.
    static func contents(_ path: String) throws(CLIError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: path).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        } catch {
            throw .unreadable(path: path, reason: "not a folder that can be listed")
        }
    }

    /// Writes `text` to `path` whole: into a temporary file beside it, then renamed over it, so a
    /// reader never sees half a report.
    static func write(_ text: String, to path: String) throws(CLIError) {
        try write(Array(text.utf8), to: path)
    }

    /// Writes `bytes` to `path` whole, as `write(_:to:)` does for text.
    static func write(_ bytes: [UInt8], to path: String) throws(CLIError) {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).partial")
            try Data(bytes).write(to: temporary)
            // rename(2) replaces the old file in one step, on the same file system.
            guard rename(temporary.path, url.path) == 0 else {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(at: temporary)
                throw CLIError.unwritable(path: path, reason: reason)
            }
        } catch let error as CLIError {
            throw error
        } catch {
            throw .unwritable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// `path` joined to `name` with one slash.
    static func join(_ path: String, _ name: String) -> String {
        path.hasSuffix("/") ? path + name : path + "/" + name
    }
}
