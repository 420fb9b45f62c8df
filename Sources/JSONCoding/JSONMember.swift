/// One key and value of a JSON object.
public struct JSONMember: Equatable, Sendable {
    /// The member's name, with escapes already decoded.
    public var key: String
    /// The member's value.
    public var value: JSONValue

    /// Creates a member from its key and value.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}
