/// A Message-ID, `<notification-id@domain>`, derived from the notification it mails.
///
/// Derived rather than random so that it is stable: a notification sent again after a crash
/// carries the same Message-ID, and receivers and our own logs can tell the two are one message.
/// The id is limited to `[A-Za-z0-9._-]` in RFC 5322 `dot-atom-text` form, which every UUID and
/// sequence number already is, so it is written without quoting or escaping of any kind.
public struct MessageID: Hashable, Sendable, CustomStringConvertible {
    /// The field's value with its angle brackets, e.g. `<3f2b8c1e-9d4a@orderctl>`.
    public let text: String

    /// The longest notification id: an SMTP local part's 64 octets (RFC 5321 §4.5.3.1.1). A 36-character
    /// UUID keeps the `Message-ID` line within 78 characters for the default domain; the longest id
    /// makes it 87, which RFC 5322 allows (998 is the limit; 78 is a SHOULD).
    public static let maximumNotificationIDOctets = 64

    /// `<notificationID@domain>`; throws when the id or the domain is not a plain dot-atom.
    public init(notificationID: String, domain: String = "orderctl") throws(MailMessageError) {
        try Self.check(notificationID: notificationID)
        guard Self.isDotAtom(domain, allowing: { Self.isLetterOrDigit($0) || $0 == "-" }) else {
            throw .invalidMessageIDDomain
        }
        text = "<\(notificationID)@\(domain)>"
    }

    public var description: String { text }

    static func check(notificationID: String) throws(MailMessageError) {
        guard !notificationID.isEmpty else { throw .emptyNotificationID }
        let octets = notificationID.utf8.count
        guard octets <= maximumNotificationIDOctets else { throw .notificationIDTooLong(octets: octets) }
        for scalar in notificationID.unicodeScalars where !isAllowedInNotificationID(scalar) {
            throw .forbiddenCharacterInNotificationID(scalar)
        }
        guard isDotAtom(notificationID, allowing: isAllowedInNotificationID) else { throw .misplacedDotInNotificationID }
    }

    static func isAllowedInNotificationID(_ scalar: Unicode.Scalar) -> Bool {
        isLetterOrDigit(scalar) || scalar == "." || scalar == "_" || scalar == "-"
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9": true
        default: false
        }
    }

    /// Whether `text` is one or more non-empty runs of `allowed` characters joined by single dots.
    static func isDotAtom(_ text: String, allowing allowed: (Unicode.Scalar) -> Bool) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.allSatisfy { part in !part.isEmpty && part.unicodeScalars.allSatisfy(allowed) }
    }
}
