/// PostgreSQL's text form of a one-dimensional array, so a whole batch of values travels as one
/// parameter (`unnest($1::uuid[])`) instead of being spliced into SQL text.
enum PostgresArrayLiteral {
    /// `{"a","b",NULL}`: every element quoted, backslashes and quotes escaped, nil as NULL.
    static func literal(_ elements: [String?]) -> String {
        var text = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { text += "," }
            guard let element else {
                text += "NULL"
                continue
            }
            text += "\""
            for character in element.unicodeScalars {
                if character == "\\" || character == "\"" { text += "\\" }
                text.unicodeScalars.append(character)
            }
            text += "\""
        }
        return text + "}"
    }
}
