import JSONCoding

/// An event in its stored shape: the `event_type`, `schema_version` and `payload` columns.
public struct EncodedEvent: Sendable, Equatable {
    /// `OrderPlaced`, `ItemAdded`, ...
    public let type: String
    /// The version of the payload's shape.
    public let schemaVersion: Int
    /// The event's data.
    public let payload: JSONObject

    /// Creates an encoded event.
    public init(type: String, schemaVersion: Int, payload: JSONObject) {
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
    }
}
