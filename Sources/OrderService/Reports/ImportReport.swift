/// What an import stored.
public struct ImportReport: Sendable, Equatable {
    /// Events stored.
    public let events: Int
    /// Streams stored.
    public let streams: Int

    /// Records what an import stored.
    public init(events: Int, streams: Int) {
        self.events = events
        self.streams = streams
    }
}
