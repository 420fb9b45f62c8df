/// The SMTP envelope of one message: who it is from and to whom it goes, as `MAIL FROM` and `RCPT TO`
/// give them, apart from the message's own headers.
///
/// Checked here, since the transport writes these addresses into SMTP commands as they are: a line
/// break in one would be a command of its own.
public struct MailEnvelope: Sendable, Equatable {
    /// The sender's address (`local@domain`, no display name).
    public let sender: String
    /// The recipients' addresses.
    public let recipients: [String]

    /// Creates an envelope; an address with anything that could leave its place in an SMTP command
    /// (controls, spaces, angle brackets, non-ASCII), over 254 octets or without `@`, or no recipient
    /// at all, is refused.
    public init(sender: String, recipients: [String]) throws(MailEnvelopeError) {
        guard !recipients.isEmpty else { throw .noRecipient }
        for address in [sender] + recipients where !Self.isPlainAddress(address) { throw .unusableAddress }
        self.sender = sender
        self.recipients = recipients
    }

    private static func isPlainAddress(_ address: String) -> Bool {
        let bytes = Array(address.utf8)
        guard (3...254).contains(bytes.count), bytes.contains(UInt8(ascii: "@")) else { return false }
        return bytes.allSatisfy { byte in byte > 0x20 && byte < 0x7F && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">") }
    }
}
