import MailMessage
import OrderDomain

/// Turns the notifications events give into outbox rows: the rules of §9 for whom, and the whole message
/// rendered once, so that every attempt sends the same bytes under the same `Message-ID`.
public struct NotificationPreparer: Sendable {
    /// Who the messages are from (the `From` header and the envelope's sender).
    public let sender: MailAddress

    /// A preparer writing messages from `sender`.
    public init(sender: MailAddress) {
        self.sender = sender
    }

    /// The outbox row for `candidate`, its message dated `date`.
    public func prepare(_ candidate: NotificationCandidate, date: MailDate) -> PreparedNotification {
        let id = NotificationID(eventID: candidate.origin.eventID, template: candidate.template)
        return PreparedNotification(id: id, origin: candidate.origin, template: candidate.template, disposition: disposition(of: candidate, id: id, date: date))
    }

    private func disposition(of candidate: NotificationCandidate, id: NotificationID, date: MailDate) -> PreparedNotification.Disposition {
        switch candidate.recipient {
        case .noContact: return .skipped(.noContact)
        case .forgotten: return .skipped(.forgotten)
        case let .contact(contact):
            guard let content = candidate.content else { return .skipped(.forgotten) }
            let text = NotificationText(content, name: contact.name)
            do {
                let message = try MailMessage(
                    from: sender, to: MailAddress(address: contact.email.value, displayName: contact.name.value), subject: text.subject,
                    date: date, messageID: MessageID(notificationID: id.description), body: text.body
                )
                // Quoted-printable and encoded words leave nothing but ASCII.
                return .pending(sender: sender.address, recipient: contact.email.value, message: String(decoding: message.rendered(), as: UTF8.self))
            } catch {
                return .unsendable(reason: "the message cannot be written: \(Self.explanation(of: error))")
            }
        }
    }

    /// Says what was refused without repeating the refused text, which is personal data.
    static func explanation(of error: MailMessageError) -> String {
        switch error {
        case .emptyAddress, .addressTooLong, .forbiddenCharacterInAddress: "the recipient's address cannot be written in a header"
        case .controlCharacterInDisplayName: "the recipient's name holds a control character"
        case .controlCharacterInSubject: "the subject holds a control character"
        case .emptyNotificationID, .notificationIDTooLong, .forbiddenCharacterInNotificationID, .misplacedDotInNotificationID, .invalidMessageIDDomain:
            "the Message-ID cannot be formed"
        case .yearOutOfRange: "the date cannot be written"
        }
    }
}
