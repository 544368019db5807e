/// A value in a parsed JSON document together with its path, so every error names the entry
/// (`partners[1].approved[0].amount`) and says what was expected there.
struct JSONEntry {
    let value: JSONValue
    let path: String
    let file: String

    static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> JSONEntry {
        JSONEntry(value: try JSONParser.parse(bytes, file: file), path: "", file: file)
    }

    /// The object's members, or nil when the value is not an object.
    private var members: [(key: String, value: JSONValue)]? {
        if case .object(let members) = value { return members }
        return nil
    }

    func error(_ problem: String) -> InputError {
        InputError(file: file, location: path.isEmpty ? .wholeFile : .entry(path), problem: problem)
    }

    func member(_ key: String) throws(InputError) -> JSONEntry {
        guard let members else { throw error("expected an object") }
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        guard let child = members.first(where: { $0.key == key })?.value, !child.isNull else {
            throw InputError(file: file, location: path.isEmpty ? .wholeFile : .entry(path),
                             problem: "the entry \"\(key)\" is missing")
        }
        return JSONEntry(value: child, path: childPath, file: file)
    }

    func optionalMember(_ key: String) throws(InputError) -> JSONEntry? {
        guard let members else { throw error("expected an object") }
        guard let child = members.first(where: { $0.key == key })?.value, !child.isNull else { return nil }
        return JSONEntry(value: child, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func elements() throws(InputError) -> [JSONEntry] {
        guard case .array(let array) = value else { throw error("expected a list in [ ]") }
        return array.enumerated().map { JSONEntry(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// The list's elements, refused when there are more than `limit` of `what`.
    func elements(atMost limit: Int, _ what: String) throws(InputError) -> [JSONEntry] {
        let all = try elements()
        guard all.count <= limit else { throw error("the list has \(all.count) \(what), more than the \(limit) a project may have") }
        return all
    }

    func string() throws(InputError) -> String {
        guard case .string(let text) = value else { throw error("expected text in quotes") }
        return text
    }

    func integer() throws(InputError) -> Int {
        guard case .number(let text) = value, let whole = Int(text) else { throw error("expected a whole number") }
        return whole
    }

    func string(_ key: String) throws(InputError) -> String { try member(key).string() }

    func bool() throws(InputError) -> Bool {
        guard case .bool(let flag) = value else { throw error("expected true or false") }
        return flag
    }

    /// The text of a string value, or nil for any other kind.
    var text: String? {
        if case .string(let text) = value { return text }
        return nil
    }
}

extension JSONValue {
    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
