import MailMessage
import Testing

@Suite("Rendered message")
struct RenderedMessageTests {
    @Test("a plain ASCII message renders to exactly the expected bytes")
    func golden() throws {
        let message = try MailTestSupport.message(body: "Hello Ada,\n\nYour order is on its way.\n")
        let expected = "From: Orders <orders@example.com>\r\n"
            + "To: Ada Lovelace <ada@example.org>\r\n"
            + "Subject: Your order has shipped\r\n"
            + "Date: Wed, 02 Dec 2026 12:34:56 +0000\r\n"
            + "Message-ID: <n-42@orderctl>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: quoted-printable\r\n"
            + "\r\n"
            + "Hello Ada,\r\n"
            + "\r\n"
            + "Your order is on its way.\r\n"
        #expect(message.rendered() == Array(expected.utf8))
    }

    @Test("an address without a display name is written bare")
    func bareAddress() throws {
        let message = try MailTestSupport.message(to: MailAddress(address: "ada@example.org"))
        #expect(MailTestSupport.fieldLines("To", of: message) == ["To: ada@example.org"])
    }

    @Test("an empty display name counts as none")
    func emptyDisplayName() throws {
        let address = try MailAddress(address: "ada@example.org", displayName: "")
        #expect(address.displayName == nil)
    }

    @Test("an empty subject leaves the field empty")
    func emptySubject() throws {
        let message = try MailTestSupport.message(subject: "")
        #expect(MailTestSupport.fieldLines("Subject", of: message) == ["Subject:"])
    }

    @Test("an empty body leaves nothing after the blank line")
    func emptyBody() throws {
        let message = try MailTestSupport.message(body: "")
        #expect(MailTestSupport.text(of: message).hasSuffix("quoted-printable\r\n\r\n"))
    }

    @Test("the same inputs render the same bytes")
    func stable() throws {
        #expect(try MailTestSupport.message().rendered() == MailTestSupport.message().rendered())
    }

    @Test("every line of the header is at most 78 characters (76 with an encoded word) and ends in CRLF, for a range of subjects")
    func headerShape() throws {
        let subjects = [
            "Short", String(repeating: "Zoë ", count: 40), String(repeating: "word ", count: 40),
            String(repeating: "x", count: 200), String(repeating: "日本語", count: 30), "  spaced  out  ",
        ]
        for subject in subjects {
            let message = try MailTestSupport.message(subject: subject)
            let text = MailTestSupport.text(of: message)
            #expect(!text.replacingCRLF().contains("\r") && !text.replacingCRLF().contains("\n"))
            for line in MailTestSupport.headerLines(of: message) {
                #expect(line.utf8.count <= (line.contains("=?") ? 76 : 78), "\(line)")
                #expect(line.unicodeScalars.allSatisfy { $0.isASCII })
            }
        }
    }
}

extension String {
    /// This text with every CRLF taken out, so that a CR or LF left over stands out.
    func replacingCRLF() -> String {
        split(separator: "\r\n", omittingEmptySubsequences: false).joined()
    }
}
