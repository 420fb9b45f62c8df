import MailMessage
import Testing

/// No CR or LF from any input may reach the header: hostile values are refused with a typed error,
/// never encoded, since a line break in a name or subject can only be an attack or a bug upstream.
@Suite("Header injection")
struct HeaderInjectionTests {
    static let hostile = "Zoë\r\nBcc: x@y.z"

    @Test("a display name with CR LF is refused")
    func displayName() {
        #expect(throws: MailMessageError.controlCharacterInDisplayName("\r")) {
            try MailAddress(address: "zoe@example.org", displayName: Self.hostile)
        }
    }

    @Test("a subject with CR LF is refused")
    func subject() {
        #expect(throws: MailMessageError.controlCharacterInSubject("\r")) { try MailTestSupport.message(subject: Self.hostile) }
    }

    @Test(
        "every control character is refused in a subject and a display name, lone LF, NEL and TAB included",
        arguments: ["\n", "\r", "\u{0}", "\t", "\u{7F}", "\u{85}", "\u{1B}"] as [Unicode.Scalar]
    )
    func controls(control: Unicode.Scalar) {
        let text = "Order" + String(control) + "Bcc: x@y.z"
        #expect(throws: MailMessageError.controlCharacterInSubject(control)) { try MailTestSupport.message(subject: text) }
        #expect(throws: MailMessageError.controlCharacterInDisplayName(control)) {
            try MailAddress(address: "a@example.org", displayName: text)
        }
    }

    @Test(
        "an address with a line break, a delimiter or anything non-ASCII is refused",
        arguments: [
            ("a@example.org\r\nBcc: x@y.z", "\r"), ("a@example.org\nBcc: x@y.z", "\n"), ("a\u{0}@example.org", "\u{0}"),
            ("a@example.org>, <x@y.z", ">"), ("<a@example.org", "<"), ("a@example.org,x@y.z", ","),
            ("\"a\"@example.org", "\""), ("zoë@example.org", "ë"), ("a\t@example.org", "\t"),
        ] as [(String, Unicode.Scalar)]
    )
    func address(address: String, character: Unicode.Scalar) {
        #expect(throws: MailMessageError.forbiddenCharacterInAddress(character)) { try MailAddress(address: address) }
    }

    @Test("an empty address and one over 254 octets are refused; 254 is accepted")
    func addressLength() throws {
        #expect(throws: MailMessageError.emptyAddress) { try MailAddress(address: "") }
        let local = String(repeating: "a", count: 64) + "@"
        #expect(throws: MailMessageError.addressTooLong(octets: 255)) {
            try MailAddress(address: local + String(repeating: "b", count: 190))
        }
        #expect(try MailAddress(address: local + String(repeating: "b", count: 189)).address.utf8.count == 254)
    }

    @Test("Unicode line and paragraph separators are not control characters: they are encoded, never written raw")
    func unicodeSeparators() throws {
        let subject = "Order\u{2028}Bcc: x@y.z\u{2029}"
        let message = try MailTestSupport.message(
            to: MailAddress(address: "a@example.org", displayName: subject), subject: subject
        )
        for line in MailTestSupport.headerLines(of: message) {
            #expect(line.unicodeScalars.allSatisfy { (0x20...0x7E).contains($0.value) })
            #expect(!line.hasPrefix("Bcc"))
        }
        let lines = MailTestSupport.fieldLines("Subject", of: message)
        #expect(MailTestSupport.decodedText(ofEncodedWords: MailTestSupport.encodedWords(in: lines)) == subject)
    }

    @Test("whatever the body holds, the header ends where the formatter ends it")
    func bodyCannotReachHeader() throws {
        let message = try MailTestSupport.message(body: "\r\n\r\nBcc: x@y.z\r\n.\r\n")
        #expect(MailTestSupport.headerLines(of: message).count == 8)
        #expect(MailTestSupport.body(of: message) == "\r\n\r\nBcc: x@y.z\r\n.\r\n")
    }
}
