/// How far a table's checkpoint is behind the log.
public struct ProjectionLag: Hashable, Sendable {
    /// Committed events past the checkpoint.
    public let events: Int
    /// Of those, how many the runner may not read yet: they sit at or above the oldest open transaction.
    public let heldBack: Int

    /// Creates a lag figure.
    public init(events: Int, heldBack: Int) {
        self.events = events
        self.heldBack = heldBack
    }
}
