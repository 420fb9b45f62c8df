/// Why addresses cannot make an SMTP envelope. No case repeats an address: it is personal data.
public enum MailEnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No recipient was given.
    case noRecipient
    /// An address holds a control character, a space, an angle bracket or a non-ASCII character, is
    /// over 254 octets, or has no `@`.
    case unusableAddress

    public var description: String {
        switch self {
        case .noRecipient: "a message needs at least one recipient"
        case .unusableAddress: "an address of the envelope is not a plain local@domain of printable ASCII, at most 254 octets"
        }
    }
}
