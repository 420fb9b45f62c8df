/// Whether the server a session reads shows an event, and if not, how far behind it is: what a read
/// from a standby waits for to see its own writes.
public struct PositionVisibility: Sendable, Equatable {
    /// Whether the server shows the event at the position asked for (or, when no event ever had that
    /// position, a later one that nothing still running can precede).
    public let isShowing: Bool
    /// The last position the server shows, 0 when it shows no event.
    public let lastPosition: Int64
    /// Seconds since the server last replayed a commit from its primary; nil on a primary.
    public let secondsSinceLastReplay: Double?

    /// Creates a visibility report.
    public init(isShowing: Bool, lastPosition: Int64, secondsSinceLastReplay: Double?) {
        self.isShowing = isShowing
        self.lastPosition = lastPosition
        self.secondsSinceLastReplay = secondsSinceLastReplay
    }
}
