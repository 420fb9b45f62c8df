/// A notification ready to be recorded: the outbox row the preparer inserts.
public struct PreparedNotification: Sendable, Hashable {
    /// What became of it when it was prepared.
    public enum Disposition: Sendable, Hashable {
        /// To be sent: the SMTP envelope and the whole rendered message.
        case pending(sender: String, recipient: String, message: String)
        /// Never to be sent.
        case skipped(SkipReason)
        /// It cannot be written as a message (an address a header cannot carry): recorded `dead` at once,
        /// with the reason, for someone to look at.
        case unsendable(reason: String)
    }

    /// Its id, derived from the event and the template.
    public let id: NotificationID
    /// The event it answers.
    public let origin: NotificationOrigin
    /// Its template.
    public let template: NotificationTemplate
    /// What became of it.
    public let disposition: Disposition

    /// Creates a prepared notification.
    public init(id: NotificationID, origin: NotificationOrigin, template: NotificationTemplate, disposition: Disposition) {
        self.id = id
        self.origin = origin
        self.template = template
        self.disposition = disposition
    }
}
