/// A value in a parsed JSON document together with its path, so every error names the entry
/// (`partners[1].approved[0].amount`) and says what was expected there.
struct JSONEntry {
    let node: JSONNode
    let path: String
    let file: String

    static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> JSONEntry {
        JSONEntry(node: try JSONParser.parse(bytes, file: file), path: "", file: file)
    }

    /// The object's members, or nil when the value is not an object.
    var value: JSONValue { node.value }

    private var members: [(key: String, value: JSONNode)]? {
        if case .object(let members) = value { return members }
        return nil
    }

    /// The entry's path and where its value starts; the whole file for the document itself.
    private var location: InputLocation {
        path.isEmpty ? .wholeFile : .entry(path, line: node.line, column: node.column)
    }

    func error(_ problem: String) -> InputError {
        InputError(file: file, location: location, problem: problem)
    }

    func member(_ key: String) throws(InputError) -> JSONEntry {
        guard let members else { throw error("expected an object") }
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        guard let child = members.first(where: { $0.key == key })?.value, !child.value.isNull else {
            throw InputError(file: file, location: location,
                             problem: "the entry \"\(key)\" is missing")
        }
        return JSONEntry(node: child, path: childPath, file: file)
    }

    /// Refuses a member this object may not have, naming it and those it may: a misspelt rule
    /// would otherwise be ignored without a word.
    func refuseUnknownMembers(_ allowed: [String]) throws(InputError) {
        guard let members else { throw error("expected an object") }
        guard let unknown = members.first(where: { !allowed.contains($0.key) }) else { return }
        let place = path.isEmpty ? "the document" : path
        throw InputError(file: file, location: .entry(path.isEmpty ? unknown.key : "\(path).\(unknown.key)",
                                                      line: unknown.value.line, column: unknown.value.column),
                         problem: "\(place) has no entry \"\(unknown.key)\"; it may have \(allowed.joined(separator: ", "))")
    }

    func optionalMember(_ key: String) throws(InputError) -> JSONEntry? {
        guard let members else { throw error("expected an object") }
        guard let child = members.first(where: { $0.key == key })?.value, !child.value.isNull else { return nil }
        return JSONEntry(node: child, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func elements() throws(InputError) -> [JSONEntry] {
        guard case .array(let array) = value else { throw error("expected a list in [ ]") }
        return array.enumerated().map { JSONEntry(node: $1, path: "\(path)[\($0)]", file: file) }
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
