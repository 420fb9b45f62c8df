/// One notification as `notify show` shows it: its summary, its whole message and every attempt.
public struct NotificationDetail: Sendable, Hashable {
    /// What `notify list` shows of it.
    public let summary: NotificationSummary
    /// The rendered message; nil when skipped, or erased because the customer was forgotten.
    public let message: String?
    /// Every attempt, oldest first.
    public let attempts: [NotificationAttempt]

    /// Creates a detail.
    public init(summary: NotificationSummary, message: String?, attempts: [NotificationAttempt]) {
        self.summary = summary
        self.message = message
        self.attempts = attempts
    }
}
