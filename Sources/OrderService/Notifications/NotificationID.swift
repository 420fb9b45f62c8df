import FoundationEssentials
import Hashing
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
        var hasher = SHA256()
        hasher.update("orderctl notification\n\(eventID)\n\(template.rawValue)")
        let digest = hasher.finalize().bytes
        var bytes: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &bytes) { output in
            for index in 0..<16 { output[index] = digest[index] }
            output[6] = (output[6] & 0x0F) | 0x80  // version 8: custom
            output[8] = (output[8] & 0x3F) | 0x80  // variant: RFC 9562
        }
        self.init(UUID(uuid: bytes))
    }
}
