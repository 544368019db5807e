/// SQL text rewritten for PostgreSQL, never inside a quoted string ('…') or name ("…").
enum SQLText {
    /// `sql` with each run of text outside quotes passed through `transform`; quoted runs stay as they are.
    static func mappingUnquoted(_ sql: String, _ transform: (Substring) -> String) -> String {
        var result = ""
        var runStart = sql.startIndex
        var quote: Character?
        var index = sql.startIndex
        while index < sql.endIndex {
            let character = sql[index]
            if let open = quote {
                if character == open {
                    result += sql[runStart...index]
                    runStart = sql.index(after: index)
                    quote = nil
                }
            } else if character == "'" || character == "\"" {
                result += transform(sql[runStart..<index])
                runStart = index
                quote = character
            }
            index = sql.index(after: index)
        }
        result += quote == nil ? transform(sql[runStart...]) : String(sql[runStart...])
        return result
    }

    /// `sql` with its `?` parameters numbered `$1`, `$2`, … as PostgreSQL writes them.
    static func numberedParameters(_ sql: String) -> String {
        var number = 0
        return mappingUnquoted(sql) { run in
            run.split(separator: "?", omittingEmptySubsequences: false).enumerated().map { offset, part in
                guard offset > 0 else { return String(part) }
                number += 1
                return "$\(number)" + part
            }.joined()
        }
    }

    /// `sql` with each whole word `word` replaced by `replacement`.
    static func replacingWord(_ word: String, with replacement: String, in sql: String) -> String {
        mappingUnquoted(sql) { run in
            var result = ""
            var current = ""
            for character in run {
                if character.isLetter || character.isNumber || character == "_" {
                    current.append(character)
                } else {
                    result += current == word ? replacement : current
                    current = ""
                    result.append(character)
                }
            }
            return result + (current == word ? replacement : current)
        }
    }
}
