/// The port through which a notification leaves: one message, already rendered, handed to a mail server
/// for its recipients. The infrastructure implements it over SMTP; the application decides what to send,
/// when, and what an outcome means for the notification.
public protocol MailSending {
    /// Hands `message` (RFC 5322 bytes, CRLF line ends) to the server for `envelope`'s recipients. Never
    /// throws: every failure is an outcome, since each one decides a retry or a dead letter.
    func send(_ message: [UInt8], envelope: MailEnvelope) -> MailSendingOutcome
}
