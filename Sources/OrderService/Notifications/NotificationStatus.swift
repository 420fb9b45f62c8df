import OrderDomain

/// What `notify status` reports.
public struct NotificationStatus: Sendable, Hashable {
    /// How many notifications are in each state (every state present, zero included).
    public let counts: [NotificationState: Int]
    /// Events past the outbox checkpoint: not yet prepared.
    public let lag: Int
    /// Of those, events behind a transaction still open on the cluster, which no preparer can read yet.
    public let heldBack: Int
    /// The age of the oldest pending or failed notification, nil when there is none.
    public let oldestUnsentSeconds: Double?
    /// When the last notification was sent, nil before the first.
    public let lastSentAt: Timestamp?

    /// Creates a status.
    public init(counts: [NotificationState: Int], lag: Int, heldBack: Int, oldestUnsentSeconds: Double?, lastSentAt: Timestamp?) {
        self.counts = counts
        self.lag = lag
        self.heldBack = heldBack
        self.oldestUnsentSeconds = oldestUnsentSeconds
        self.lastSentAt = lastSentAt
    }

    /// How many are in `state`.
    public func count(_ state: NotificationState) -> Int { counts[state] ?? 0 }

    /// Whether someone must act: a notification is dead.
    public var hasDeadLetters: Bool { count(.dead) > 0 }
}
