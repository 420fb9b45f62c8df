/// A stored event the codec cannot turn back into a domain event.
public struct EventDecodingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The stored type.
    public let type: String
    /// The stored schema version.
    public let schemaVersion: Int
    /// What is wrong, naming the field.
    public let reason: String

    /// Creates an error.
    public init(type: String, schemaVersion: Int, reason: String) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.reason = reason
    }

    public var description: String {
        "cannot read stored event \(type) (schema version \(schemaVersion)): \(reason)"
    }
}
