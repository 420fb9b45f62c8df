import JSONCoding
import OrderDomain

/// The immutable fields of a stored event that its link in the stream's hash chain covers, as they are
/// stored (the type name and payload shape of the schema version it was written with, not upcast).
public struct ChainedEvent: Sendable, Equatable {
    /// The stream.
    public let orderID: OrderID
    /// 1, 2, 3, ... within the stream.
    public let version: Int
    /// The event's id.
    public let eventID: EventID
    /// `OrderPlaced`, `ItemAdded`, ...
    public let type: String
    /// The payload's shape.
    public let schemaVersion: Int
    /// The event's data.
    public let payload: JSONObject
    /// `commandId` and the command's metadata.
    public let metadata: JSONObject
    /// When it happened, to the microsecond.
    public let occurredAt: Timestamp

    /// Creates the chained fields of one event.
    public init(
        orderID: OrderID, version: Int, eventID: EventID, type: String, schemaVersion: Int,
        payload: JSONObject, metadata: JSONObject, occurredAt: Timestamp
    ) {
        self.orderID = orderID
        self.version = version
        self.eventID = eventID
        self.type = type
        self.schemaVersion = schemaVersion
        self.payload = payload
        self.metadata = metadata
        self.occurredAt = occurredAt
    }

    /// The stored shape, for the codec and the upcasters.
    public var encoded: EncodedEvent {
        EncodedEvent(type: type, schemaVersion: schemaVersion, payload: payload)
    }

    /// The same event, claimed at another version (to recognize an event moved within its stream).
    func at(version other: Int) -> ChainedEvent {
        ChainedEvent(
            orderID: orderID, version: other, eventID: eventID, type: type, schemaVersion: schemaVersion,
            payload: payload, metadata: metadata, occurredAt: occurredAt
        )
    }
}
