import OrderDomain

/// One notification as `notify list` shows it.
public struct NotificationSummary: Sendable, Hashable {
    /// Its id.
    public let id: NotificationID
    /// The event it answers and where that stands.
    public let origin: NotificationOrigin
    /// Its template.
    public let template: NotificationTemplate
    /// The address it goes to; nil when skipped, or erased because the customer was forgotten.
    public let recipient: String?
    /// Where it stands.
    public let state: NotificationState
    /// Why it was skipped.
    public let reason: SkipReason?
    /// Attempts in this round.
    public let attempts: Int
    /// The last failure, nil when none.
    public let lastError: String?
    /// When it is next due (pending or failed only).
    public let nextAttemptAt: Timestamp?
    /// When it was sent.
    public let sentAt: Timestamp?

    /// Creates a summary.
    public init(
        id: NotificationID, origin: NotificationOrigin, template: NotificationTemplate, recipient: String?, state: NotificationState,
        reason: SkipReason?, attempts: Int, lastError: String?, nextAttemptAt: Timestamp?, sentAt: Timestamp?
    ) {
        self.id = id
        self.origin = origin
        self.template = template
        self.recipient = recipient
        self.state = state
        self.reason = reason
        self.attempts = attempts
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
        self.sentAt = sentAt
    }

    /// `<id@orderctl>`, as its messages carry it.
    public var messageID: String { "<\(id)@orderctl>" }
}
