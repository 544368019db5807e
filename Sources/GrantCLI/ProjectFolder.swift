import GrantCore
import GrantFormats

/// Reads a project folder from disk: `project.json` and the budget lines file it names.
enum ProjectFolder {
    /// The grant in `folder`; `located` maps a path as shown to where it is on disk.
    static func read(_ folder: String, located: (String) -> String = { $0 }) throws(CLIError) -> Grant {
        let projectFile = FileSystem.join(folder, "project.json")
        guard FileSystem.exists(located(projectFile)) else {
            throw .unreadable(path: folder, reason: FileSystem.isFolder(located(folder))
                ? "the folder has no project.json" : "no such folder")
        }
        do {
            return try ProjectFolderReader().read(projectJSON: try bytes(located(projectFile)), file: projectFile) { (name) throws(InputError) in
                let path = FileSystem.join(folder, name)
                return (try bytes(located(path)), path)
            }
        } catch {
            throw .input(error)
        }
    }

    /// Reads a file for a format reader, which reports problems as input errors.
    static func bytes(_ path: String) throws(InputError) -> [UInt8] {
        do {
            return try FileSystem.readBytes(path)
        } catch {
            throw InputError(file: path, location: .wholeFile, problem: "cannot be read (\(error.message))")
        }
    }
}
