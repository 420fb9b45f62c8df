import MailMessage
import Testing

@Suite("Message-ID from a notification id")
struct MessageIDTests {
    @Test("the id and the domain in angle brackets")
    func form() throws {
        #expect(try MessageID(notificationID: "3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a").text == "<3f2b8c1e-9d4a-4c7b-8e21-0a6f5d3c2b1a@orderctl>")
        #expect(try MessageID(notificationID: "n_1.2-3", domain: "mail.example.org").text == "<n_1.2-3@mail.example.org>")
        #expect(try MessageID(notificationID: String(repeating: "a", count: 64)).text.utf8.count == 75)
    }

    @Test("the same notification gets the same Message-ID, so a resend is recognizably the same message")
    func stable() throws {
        #expect(try MessageID(notificationID: "n-7") == MessageID(notificationID: "n-7"))
    }

    @Test(
        "characters outside [A-Za-z0-9._-] are refused",
        arguments: [("a b", " "), ("a/b", "/"), ("a@b", "@"), ("zoë", "ë"), ("n-1>\r\nBcc: x@y.z", ">"), ("a\r\n", "\r")]
            as [(String, Unicode.Scalar)]
    )
    func forbidden(id: String, character: Unicode.Scalar) {
        #expect(throws: MailMessageError.forbiddenCharacterInNotificationID(character)) { try MessageID(notificationID: id) }
    }

    @Test("empty, overlong and badly dotted ids are refused")
    func shape() {
        #expect(throws: MailMessageError.emptyNotificationID) { try MessageID(notificationID: "") }
        #expect(throws: MailMessageError.notificationIDTooLong(octets: 65)) {
            try MessageID(notificationID: String(repeating: "a", count: 65))
        }
        for id in [".a", "a.", "a..b", "."] {
            #expect(throws: MailMessageError.misplacedDotInNotificationID) { try MessageID(notificationID: id) }
        }
    }

    @Test("a domain that is not a dot-atom of letters, digits and hyphens is refused")
    func domain() {
        for domain in ["", "bad domain", "a..b", "x>\r\nBcc: y", "ordérctl"] {
            #expect(throws: MailMessageError.invalidMessageIDDomain) { try MessageID(notificationID: "n", domain: domain) }
        }
    }
}
