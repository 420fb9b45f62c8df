/// A notification a runner has claimed for one attempt: what to send, and what identifies the attempt
/// when its outcome is recorded.
public struct ClaimedNotification: Sendable, Hashable {
    /// Its id.
    public let id: NotificationID
    /// Its attempt number in this round (from 1; `notify retry` starts a new round).
    public let attempt: Int
    /// The attempt's own record, which the outcome completes.
    public let attemptRecord: Int64
    /// The envelope's sender.
    public let sender: String
    /// The envelope's recipient.
    public let recipient: String
    /// The whole message, as rendered when prepared.
    public let message: String

    /// Creates a claim.
    public init(id: NotificationID, attempt: Int, attemptRecord: Int64, sender: String, recipient: String, message: String) {
        self.id = id
        self.attempt = attempt
        self.attemptRecord = attemptRecord
        self.sender = sender
        self.recipient = recipient
        self.message = message
    }
}
