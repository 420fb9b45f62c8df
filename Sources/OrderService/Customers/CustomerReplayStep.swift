import OrderProjections

/// One event of a replayed customer stream, its personal fields opened, with the contact right after it.
public struct CustomerReplayStep: Sendable, Equatable {
    /// The event as stored, but with its personal fields opened (or null with `"forgotten": true`); its
    /// `hash` is the stored link, which covers the sealed payload.
    public let line: FeedLine
    /// The contact after it; its `contact` is nil once the customer was forgotten.
    public let view: ContactView?
}
