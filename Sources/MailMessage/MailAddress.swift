/// A mailbox for the `From` and `To` fields: an ASCII address and an optional display name.
///
/// The address is validated as an address elsewhere (the domain's e-mail address type); here it is
/// only checked for what could break out of the header field it is written into: line breaks and
/// other control characters, the angle brackets that delimit it, the comma that separates mailboxes,
/// the quote that opens a quoted-string, and anything non-ASCII, which an address header cannot hold
/// without SMTPUTF8. The display name may be any Unicode text without control characters; the
/// message writes it as is, as a quoted-string or as RFC 2047 encoded words, whichever it needs.
public struct MailAddress: Hashable, Sendable {
    /// The address proper, e.g. `ada@example.org`: printable ASCII only.
    public let address: String
    /// The name shown beside the address, or nil for none. An empty name is kept as nil.
    public let displayName: String?

    /// The longest address a forward path carries (RFC 5321 §4.5.3.1.3: 256 octets with the brackets).
    public static let maximumAddressOctets = 254

    /// Checks `address` and `displayName` and keeps them; throws for the first forbidden character.
    public init(address: String, displayName: String? = nil) throws(MailMessageError) {
        try Self.check(address: address)
        if let displayName {
            if let control = HeaderField.firstControlCharacter(in: displayName) {
                throw .controlCharacterInDisplayName(control)
            }
        }
        self.address = address
        self.displayName = displayName?.isEmpty == true ? nil : displayName
    }

    /// Refuses an empty or overlong address and any character that could leave the address's place.
    static func check(address: String) throws(MailMessageError) {
        guard !address.isEmpty else { throw .emptyAddress }
        let octets = address.utf8.count
        guard octets <= maximumAddressOctets else { throw .addressTooLong(octets: octets) }
        for scalar in address.unicodeScalars where !isAllowedInAddress(scalar) {
            throw .forbiddenCharacterInAddress(scalar)
        }
    }

    /// Printable ASCII other than space and the RFC 5322 specials that could end the address or start
    /// a comment, group or quoted part in a header field: a bare `To: a@b.c (x` would open a comment.
    static func isAllowedInAddress(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "<", ">", ",", "\"", " ", "(", ")", ";", ":", "\\", "[", "]": false
        default: (0x21...0x7E).contains(scalar.value)
        }
    }
}
