import Testing

/// The reader the notification tests check received messages with must itself catch what it is there to
/// catch: an injected field, a second mailbox, a bare line break, a malformed encoding.
@Suite("The strict reader of received messages")
struct ReceivedMessageTests {
    /// A well-formed message with the given `To` value and body lines.
    static func message(to: String = "=?UTF-8?B?Wm/Dqw==?= <zoe@example.com>", extraHeader: String = "", body: String = "Hello Zo=C3=AB,=\r\n and more\r\n") -> [UInt8] {
        Array(("From: orders@shop.example\r\nTo: \(to)\r\nSubject: =?UTF-8?B?R3LDvMOfZQ==?= =?UTF-8?Q?_aus_K=C3=B6ln?=\r\n\(extraHeader)"
            + "Message-ID: <1@orderctl>\r\n\r\n" + body).utf8)
    }

    @Test("a well-formed message: fields in order, encoded words and quoted-printable decoded, folds undone")
    func wellFormed() throws {
        let parsed = try ReceivedMessage(Self.message(to: "\"Eve \\\"E\\\" <e@x>, Bcc: v@x\"\r\n <eve@example.com>"))
        #expect(parsed.fields.map(\.name) == ["From", "To", "Subject", "Message-ID"])
        #expect(try parsed.mailbox("To") == ReceivedMessage.Mailbox(displayName: "Eve \"E\" <e@x>, Bcc: v@x", address: "eve@example.com"))
        #expect(try parsed.subject() == "Grüße aus Köln")
        #expect(parsed.body == "Hello Zoë, and more\n")
        #expect(try ReceivedMessage(Self.message()).mailbox("To") == ReceivedMessage.Mailbox(displayName: "Zoë", address: "zoe@example.com"))
    }

    @Test("what an injection leaves behind is caught", arguments: [
        // A field of its own.
        ("an extra field", message(extraHeader: "Bcc: victim@example.com\r\n"), "fields"),
        // A bare LF or CR inside a field, which some readers take for a line end.
        ("a bare LF", message(to: "Eve\nBcc: victim@example.com <eve@example.com>"), "parse"),
        ("a bare CR", message(to: "Eve\rBcc: victim@example.com <eve@example.com>"), "parse"),
        // A second mailbox in To.
        ("a second recipient", message(to: "Eve <eve@evil.example>, Zoe <zoe@example.com>"), "mailbox"),
        ("an unquoted special", message(to: "Eve: <zoe@example.com>"), "mailbox"),
        ("an unclosed quote", message(to: "\"Eve <zoe@example.com>"), "mailbox"),
        ("8-bit header text", message(to: "Zoë <zoe@example.com>"), "parse"),
        ("a whitespace-only fold", message(to: "Eve\r\n \r\n <zoe@example.com>"), "parse"),
        ("a malformed escape", message(body: "caf=c3=a9\r\n"), "parse"),
        ("a broken encoded word", message(to: "=?UTF-8?B?w6?= <zoe@example.com>"), "mailbox"),
    ])
    func injections(name: String, bytes: [UInt8], caughtBy: String) {
        switch caughtBy {
        case "parse":
            #expect(throws: MalformedMessage.self, "\(name)") { try ReceivedMessage(bytes) }
        case "mailbox":
            #expect(throws: MalformedMessage.self, "\(name)") { try ReceivedMessage(bytes).mailbox("To") }
        default:
            #expect((try? ReceivedMessage(bytes))?.values(of: "Bcc") == ["victim@example.com"], "\(name)")
        }
    }
}
