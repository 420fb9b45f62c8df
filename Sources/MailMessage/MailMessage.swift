/// One plain-text e-mail to one customer, and the exact bytes to hand to SMTP for it.
///
/// The message is a value: the same inputs render the same bytes, with no clock, no randomness and
/// no host name read, so a notification sent again renders identically and tests can compare bytes.
/// Every input is checked on the way in (`MailAddress`, `MessageID`, `MailDate` and the subject
/// here), and the only line breaks in the header are the ones the formatter writes, so no header
/// ever takes command text unchecked.
public struct MailMessage: Hashable, Sendable {
    public let from: MailAddress
    public let to: MailAddress
    /// Any Unicode text without control characters; written as is when it is ASCII, as encoded words
    /// when it is not.
    public let subject: String
    public let date: MailDate
    public let messageID: MessageID
    /// Plain text of any length in any Unicode; CR, LF and CRLF all end a line.
    public let body: String

    /// Keeps the parts; throws when the subject holds a control character, CR and LF among them,
    /// which is refused rather than encoded since it can only be an injection attempt or a bug.
    public init(
        from: MailAddress, to: MailAddress, subject: String, date: MailDate, messageID: MessageID, body: String
    ) throws(MailMessageError) {
        if let control = HeaderField.firstControlCharacter(in: subject) { throw .controlCharacterInSubject(control) }
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.messageID = messageID
        self.body = body
    }

    /// The message as SMTP's DATA takes it, before dot-stuffing: the header fields in a fixed order,
    /// CRLF after each line, a blank line, and the body in quoted-printable with CRLF line breaks.
    public func rendered() -> [UInt8] {
        Array(headerFields().map { $0 + "\r\n" }.joined().utf8) + [UInt8(ascii: "\r"), UInt8(ascii: "\n")]
            + QuotedPrintable.encode(body)
    }

    /// Each field, folded lines joined by CRLF, without its final CRLF.
    func headerFields() -> [String] {
        [
            HeaderField.mailbox(name: "From", from),
            HeaderField.mailbox(name: "To", to),
            HeaderField.unstructured(name: "Subject", subject),
            "Date: \(date)",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
    }
}
