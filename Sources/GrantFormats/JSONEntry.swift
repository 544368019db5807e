import Foundation

/// A value in a parsed JSON document together with its path, so every error names the entry
/// (`partners[1].approved[0].amount`) and says what was expected there.
struct JSONEntry {
    let value: Any
    let path: String
    let file: String

    static func parse(_ bytes: [UInt8], file: String) throws(InputError) -> JSONEntry {
        do {
            let value = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
            return JSONEntry(value: value, path: "", file: file)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "it is not valid JSON"
            throw InputError(file: file, location: .wholeFile, problem: "the file is not valid JSON: \(detail)")
        }
    }

    func error(_ problem: String) -> InputError {
        InputError(file: file, location: path.isEmpty ? .wholeFile : .entry(path), problem: problem)
    }

    func member(_ key: String) throws(InputError) -> JSONEntry {
        guard let object = value as? [String: Any] else { throw error("expected an object") }
        let childPath = path.isEmpty ? key : "\(path).\(key)"
        guard let child = object[key], !(child is NSNull) else {
            throw InputError(file: file, location: path.isEmpty ? .wholeFile : .entry(path),
                             problem: "the entry \"\(key)\" is missing")
        }
        return JSONEntry(value: child, path: childPath, file: file)
    }

    func optionalMember(_ key: String) throws(InputError) -> JSONEntry? {
        guard let object = value as? [String: Any] else { throw error("expected an object") }
        guard let child = object[key], !(child is NSNull) else { return nil }
        return JSONEntry(value: child, path: path.isEmpty ? key : "\(path).\(key)", file: file)
    }

    func elements() throws(InputError) -> [JSONEntry] {
        guard let array = value as? [Any] else { throw error("expected a list in [ ]") }
        return array.enumerated().map { JSONEntry(value: $1, path: "\(path)[\($0)]", file: file) }
    }

    func string() throws(InputError) -> String {
        guard let text = value as? String else { throw error("expected text in quotes") }
        return text
    }

    func integer() throws(InputError) -> Int {
        // Foundation gives every JSON number and boolean as NSNumber; its type code tells a
        // boolean ("c") and a fraction ("d") from a whole number.
        guard let number = value as? NSNumber, !["c", "d", "f"].contains(String(cString: number.objCType)),
              let whole = Int(number.stringValue) else { throw error("expected a whole number") }
        return whole
    }

    func string(_ key: String) throws(InputError) -> String { try member(key).string() }

    func bool() throws(InputError) -> Bool {
        // A JSON boolean arrives as NSNumber with type code "c"; 0 and 1 are not booleans.
        guard let number = value as? NSNumber, String(cString: number.objCType) == "c" else { throw error("expected true or false") }
        return number.boolValue
    }
}
