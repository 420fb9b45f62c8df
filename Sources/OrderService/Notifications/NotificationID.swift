import OrderDomain

/// A notification's id: a UUID derived from the event and the template, never drawn at random.
///
/// The same event gives the same id wherever and however often it is prepared, so a notification
/// prepared again after a crash is the same row (the insert finds it), and every copy of its message
/// carries the same `Message-ID: <id@orderctl>`, by which a receiver drops a repeat.
public typealias NotificationID = Identifier<NotificationRecord>

/// What a `NotificationID` identifies: one row of the outbox.
public enum NotificationRecord {}

extension Identifier where Entity == NotificationRecord {
    /// The id of the notification `template` of event `eventID`: the first 16 bytes of a SHA-256 over a
    /// fixed label, the event id's text and the template's name, marked as an RFC 9562 version 8 UUID.
    public init(eventID: EventID, template: NotificationTemplate) {
        self.init(DerivedUUID.from("orderctl notification\n\(eventID)\n\(template.rawValue)"))
    }
}
