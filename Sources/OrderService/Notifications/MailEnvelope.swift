/// The SMTP envelope of one message: who it is from and to whom it goes, as `MAIL FROM` and `RCPT TO`
/// give them, apart from the message's own headers.
public struct MailEnvelope: Sendable, Equatable {
    /// The sender's address (`local@domain`, no display name).
    public let sender: String
    /// The recipients' addresses.
    public let recipients: [String]

    /// Creates an envelope.
    public init(sender: String, recipients: [String]) {
        self.sender = sender
        self.recipients = recipients
    }
}
