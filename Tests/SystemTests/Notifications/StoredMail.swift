import JSONCoding
import OrderDomain

/// One message the test SMTP server accepted: the bytes as received and the SMTP envelope it came with.
struct StoredMail {
    /// The Maildir name, `<seconds>.M<microseconds>P<pid>Q<sequence>.<host>`.
    let name: String
    /// The DATA bytes, dot-stuffing undone, nothing added.
    let bytes: [UInt8]
    /// `envelope/NAME.json`: `mail_from`, `rcpt_tos`, `received_at`, ...
    let envelope: JSONObject

    /// MAIL FROM.
    var envelopeSender: String? { envelope["mail_from"]?.stringValue }

    /// RCPT TO, every recipient.
    var envelopeRecipients: [String] { envelope["rcpt_tos"]?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// When the server stored it.
    var receivedAt: Timestamp? { envelope["received_at"]?.stringValue.flatMap { Timestamp(rfc3339: $0) } }

    /// The message, parsed strictly.
    func parsed() throws(MalformedMessage) -> ReceivedMessage {
        try ReceivedMessage(bytes)
    }
}
