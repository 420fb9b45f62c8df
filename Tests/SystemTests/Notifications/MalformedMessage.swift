/// Why a stored message is not a well-formed one.
struct MalformedMessage: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
