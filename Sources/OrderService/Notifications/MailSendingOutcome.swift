/// What became of one message handed to the mail server.
public enum MailSendingOutcome: Sendable, Equatable {
    /// The server took responsibility for the message; `reply` is what it said.
    case accepted(reply: String)
    /// It may work later: the connection was refused, lost or timed out, the server answered 4xx, or TLS
    /// was required and not offered. The notification is retried.
    case temporaryFailure(reason: String)
    /// It will not work as it is: the server answered 5xx. The notification goes dead.
    case permanentFailure(reason: String)

    /// The server's reply or the reason, for a notification's record of its attempts.
    public var description: String {
        switch self {
        case let .accepted(reply): reply
        case let .temporaryFailure(reason), let .permanentFailure(reason): reason
        }
    }
}
