/// Why a value was refused on its way into a message.
///
/// The formatter refuses rather than repairs: a display name or subject holding a line break is
/// a header injection attempt or a bug upstream, and either way it must not be mailed in any form,
/// encoded or not. The cases carry the offending character or measure, never the whole refused
/// text, so that logging an error cannot itself pass a hostile value along.
public enum MailMessageError: Error, Equatable, Sendable {
    /// The address is empty.
    case emptyAddress
    /// The address is longer than the 254 octets a forward path can carry (RFC 5321 §4.5.3.1.3).
    case addressTooLong(octets: Int)
    /// The address holds a character that would end or escape its header field: a control
    /// character, one of `<`, `>`, `,`, `"`, or anything outside ASCII.
    case forbiddenCharacterInAddress(Unicode.Scalar)
    /// The display name holds a control character (Unicode category Cc, CR and LF among them).
    case controlCharacterInDisplayName(Unicode.Scalar)
    /// The subject holds a control character (Unicode category Cc, CR and LF among them).
    case controlCharacterInSubject(Unicode.Scalar)
    /// The notification id is empty.
    case emptyNotificationID
    /// The notification id is longer than the 64 octets of an SMTP local part (RFC 5321 §4.5.3.1.1).
    case notificationIDTooLong(octets: Int)
    /// The notification id holds a character other than `A`–`Z`, `a`–`z`, `0`–`9`, `.`, `_` and `-`.
    case forbiddenCharacterInNotificationID(Unicode.Scalar)
    /// The notification id starts or ends with a dot or holds two in a row, which RFC 5322's
    /// `dot-atom-text` (the left side of a Message-ID) does not allow.
    case misplacedDotInNotificationID
    /// The Message-ID domain is not a dot-atom of letters, digits and hyphens.
    case invalidMessageIDDomain
    /// The date falls in a year RFC 5322 §3.3 cannot write: before 1900 or past 9999.
    case yearOutOfRange(Int64)
}
