/// What a runner has done so far, for its progress line and its exit status.
public struct DeliveryTally: Sendable, Hashable {
    /// Events read by its preparation batches.
    public var eventsRead = 0
    /// Notifications its preparation recorded as skipped (guests, forgotten customers).
    public var skipped = 0
    /// Notifications its preparation recorded as pending.
    public var prepared = 0
    /// Messages the server accepted.
    public var sent = 0
    /// Attempts that failed for now.
    public var failedAttempts = 0
    /// Notifications whose last attempt by this runner failed for now: they wait for their next one.
    public var failed = 0
    /// Notifications that went dead: refused for good, or failed on their last attempt (or unwritable).
    public var dead = 0

    /// Nothing done yet.
    public init() {}

    /// Whether everything it handled was sent or skipped (§9: `notify run` exits 0 then, 1 otherwise).
    public var allDelivered: Bool { failed == 0 && dead == 0 }
}
