import OrderDomain

/// One attempt to send a notification, as `notify show` lists it.
public struct NotificationAttempt: Sendable, Hashable {
    /// How it ended, nil when the runner stopped before it could tell (killed mid-send).
    public enum Outcome: String, Sendable, Hashable {
        case sent
        case temporaryFailure = "temporary_failure"
        case permanentFailure = "permanent_failure"
    }

    /// Its number within its round.
    public let attempt: Int
    /// When it was claimed.
    public let startedAt: Timestamp
    /// When its outcome was recorded.
    public let finishedAt: Timestamp?
    /// How it ended.
    public let outcome: Outcome?
    /// The server's reply, or why there was none.
    public let reply: String?

    /// Creates an attempt.
    public init(attempt: Int, startedAt: Timestamp, finishedAt: Timestamp?, outcome: Outcome?, reply: String?) {
        self.attempt = attempt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.outcome = outcome
        self.reply = reply
    }
}
