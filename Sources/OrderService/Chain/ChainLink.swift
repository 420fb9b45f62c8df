import Hashing

/// A stored event as an audit sees it: its chained fields and the hash stored with it.
public struct ChainLink: Sendable, Equatable {
    /// The fields the link covers, as stored.
    public let event: ChainedEvent
    /// The stored hash (nil for an event written before the chain existed and never sealed).
    public let storedHash: SHA256Digest?

    /// Creates a stored link.
    public init(event: ChainedEvent, storedHash: SHA256Digest?) {
        self.event = event
        self.storedHash = storedHash
    }
}
