/// What a runner records after one attempt to send a notification.
public enum DeliveryDecision: Sendable, Hashable {
    /// The server accepted it.
    case sent(reply: String)
    /// A temporary failure: `failed`, tried again after `retryAfterSeconds`.
    case retry(error: String, retryAfterSeconds: Double)
    /// A permanent refusal, or the last attempt failed: `dead` until someone retries it.
    case dead(error: String)

    /// The state it leaves the notification in.
    public var state: NotificationState {
        switch self {
        case .sent: .sent
        case .retry: .failed
        case .dead: .dead
        }
    }
}
