import JSONCoding
import OrderDomain

/// Identifies one stored event.
public typealias EventID = Identifier<RecordedEvent>

/// An event decided but not yet stored: the store gives it its version and global position.
public struct PendingEvent: Sendable, Equatable {
    /// Its id, drawn at the edge.
    public let eventID: EventID
    /// The fact.
    public let event: OrderEvent
    /// When it happened.
    public let occurredAt: Timestamp
    /// At least `commandId`, plus the command's own metadata.
    public let metadata: JSONObject

    /// Creates a pending event.
    public init(eventID: EventID, event: OrderEvent, occurredAt: Timestamp, metadata: JSONObject) {
        self.eventID = eventID
        self.event = event
        self.occurredAt = occurredAt
        self.metadata = metadata
    }
}
