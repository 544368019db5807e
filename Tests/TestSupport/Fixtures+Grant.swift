import GrantCore
import GrantFormats

extension Repository {
    /// The grant of a fixture project folder, e.g. `lli-59-open-leadership`, read as `load` reads it.
    public static func grant(_ scenario: String) throws -> Grant {
        let folder = "Fixtures/\(scenario)"
        return try ProjectFolderReader().read(projectJSON: bytes("\(folder)/project.json"), file: "project.json") { (name) throws(InputError) in
            do {
                return (try bytes("\(folder)/\(name)"), name)
            } catch {
                throw InputError(file: name, location: .wholeFile, problem: "cannot be read: \(error)")
            }
        }
    }
}
