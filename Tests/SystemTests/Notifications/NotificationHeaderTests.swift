import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

/// A customer's name, a tracking number or a cancellation reason is text from a command: it may reach the
/// body, never the header as anything but the display name, and nothing in it can add a header field, a
/// recipient or an SMTP command.
@Suite("Notification headers")
struct NotificationHeaderTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    /// Names that try to leave the display name, or need encoding to stay in it.
    static let hostileNames = [
        // ASCII with the specials of an address list: a quoted-string keeps it one display name.
        #"Eve "the hacker" <eve@evil.example>, Bcc: victim@example.com"#,
        "Bcc: victim@example.com",
        // U+2028 is no control character (names may hold it), but a mail program may break the line there.
        "Mallory\u{2028}Bcc: victim@example.com",
        "Zoë Ångström-Łukasiewicz 佐藤",
        // Looks like an encoded word: written as is, a reader would decode it to "Bcc: victim".
        "=?UTF-8?B?QmNjOiB2aWN0aW0=?= Trudy",
        // 200 scalars, the longest a name may be: folded over several lines of encoded words.
        String(repeating: "Ångström ", count: 22) + "Zz",
    ]

    @Test("hostile and non-ASCII names stay one display name: RFC 2047 encoded words or a quoted-string that decode to the name, never an extra field or recipient")
    func namesInTo() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let customers = Self.hostileNames.map { name in (id: Scenario.newID(), name: name, email: Scenario.address("named")) }
            try Scenario.submit(customers.map { Commands.register($0.id, name: $0.name, email: $0.email) }, to: database)
            let outcome = try Scenario.run(database, smtpURL: server.url)
            #expect(outcome.status == 0, "\(outcome.standardError)")

            let list = try Scenario.list(database)
            let mail = try server.maildir.messages(withMessageIDs: list.map(\.messageID), since: started)
            for customer in customers {
                let notification = try #require(list.first { $0.recipient == customer.email }, "no welcome for \(customer.name)")
                let copies = mail[notification.messageID] ?? []
                try #require(copies.count == 1, "\(copies.count) copies of the welcome of \(customer.name)")
                // The display name decodes back to the name exactly; the checks also refuse any other field.
                let message = try NotificationMessageChecks.expectWellFormed(copies[0], of: notification, to: customer.name, at: customer.email, preparedAfter: started)
                let to = try message.value(of: "To")
                if customer.name.unicodeScalars.allSatisfy(\.isASCII) && !customer.name.contains("=?") {
                    #expect(to.hasPrefix("\""), "an ASCII name with specials is a quoted-string: \(to)")
                } else {
                    #expect(to.hasPrefix("=?UTF-8?B?"), "a name outside ASCII, or one that looks encoded, is written as encoded words: \(to)")
                    #expect(!to.contains("Bcc") && !to.contains("Trudy"), "nothing of it stands in the clear: \(to)")
                }
                #expect(message.values(of: "Bcc").isEmpty && message.values(of: "Cc").isEmpty)
            }
        }
    }

    @Test("a tracking number and a cancellation reason with CR LF, a lone dot and SMTP commands reach the body as text: the subject is fixed, no field is added, the message arrives whole to its one recipient")
    func commandTextInTheBody() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let (customer, email) = (Scenario.newID(), Scenario.address("oscar"))
            let (shipped, cancelled) = (Scenario.newID(), Scenario.newID())
            let tracking = "TRK-1\r\nBcc: victim@example.com\r\nSubject: you won"
            // A line holding only a dot ends DATA unless the transport stuffs it; the lines after it would
            // then be SMTP commands.
            let reason = "Changed my mind\r\nBcc: victim@example.com\r\n.\r\nRSET\r\nMAIL FROM:<attacker@example.com>\nRCPT TO:<victim@example.com>\rDATA"
            try Scenario.submit(
                [Commands.register(customer, name: "Oscar Wilde", email: email)]
                    + Commands.confirmedOrder(shipped, by: customer, product: Scenario.newID()) + [Commands.ship(shipped, trackingNumber: tracking)]
                    + Commands.confirmedOrder(cancelled, by: customer, product: Scenario.newID()) + [Commands.cancel(cancelled, reason: reason)],
                to: database
            )
            let outcome = try Scenario.run(database, smtpURL: server.url)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            let list = try Scenario.list(database)
            #expect(list.count == 5 && list.allSatisfy { $0.state == "sent" }, "\(list)")
            let mail = try server.maildir.messages(withMessageIDs: list.map(\.messageID), since: started)

            for (order, template, subject, text) in [
                (shipped, "order_shipped", "Your order \(shipped) has shipped", tracking), (cancelled, "order_cancelled", "Your order \(cancelled) was cancelled", reason),
            ] {
                let notification = try #require(try Scenario.list(database, ["--order", order]).first { $0.template == template })
                let copies = mail[notification.messageID] ?? []
                try #require(copies.count == 1, "\(copies.count) copies of \(template)")
                let message = try NotificationMessageChecks.expectWellFormed(copies[0], of: notification, to: "Oscar Wilde", at: email, preparedAfter: started)
                #expect(try message.subject() == subject, "the subject is a fixed text around the order id")
                // Every line break the command held is a line break of the body, and the body holds it all:
                // nothing was cut at the lone dot.
                let asLines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
                #expect(message.body.contains(asLines), "the body lacks the command's text whole: \(message.body)")
                #expect(message.body.hasSuffix(asLines + "\n"), "the text is the end of the body: \(message.body)")
            }
            // Nothing went anywhere else: no message of this run was for the victim or from the attacker.
            let everything = try server.maildir.messages(withMessageIDs: list.map(\.messageID), since: started).values.flatMap { $0 }
            #expect(everything.allSatisfy { $0.envelopeRecipients == [email] && $0.envelopeSender == Scenario.sender })
        }
    }

    @Test("a name with CR LF is refused at submit; planted in the contacts read model behind orderctl's back, it stops the preparation (exit 3) with a message that does not repeat it, and nothing is sent")
    func lineBreakInAStoredName() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let (customer, email) = (Scenario.newID(), Scenario.address("mallory"))
            let injected = "Mallory\r\nBcc: victim@example.com"
            let refused = try OrderctlProcess.run(
                ["submit", "--database-url", database.url], input: Data((Commands.register(customer, name: injected, email: email).serialized() + "\n").utf8)
            )
            #expect(refused.status == 1)
            #expect(try CustomerScenario.objects(refused).first?["status"] == "invalid", "\(refused.standardOutput)")

            let order = Scenario.newID()
            try Scenario.submit([Commands.register(customer, name: "Mallory", email: email)] + Commands.confirmedOrder(order, by: customer, product: Scenario.newID()), to: database)
            // As the owner, past every check orderctl makes on the way in.
            try database.connectAsOwner().execute(
                "UPDATE customer_contacts SET name = $2 WHERE customer_id = $1::uuid", [customer, injected], context: "planting a line break in a name"
            )
            let outcome = try Scenario.run(database, smtpURL: server.url)
            #expect(outcome.status == 3, "an unreadable stored row: \(outcome.standardError)")
            #expect(!outcome.standardError.contains("victim") && !outcome.standardError.contains("Mallory"), "\(outcome.standardError)")
            let list = try Scenario.list(database)
            #expect(list.isEmpty, "the preparation that met the row stored nothing: \(list)")
            #expect(try Scenario.status(database).report["lag"]?.exactInteger ?? 0 > 0, "the events wait for the row to be repaired")
        }
    }

    @Test("--from and ORDERCTL_MAIL_FROM take a plain address only: a line break or a display name is a usage error (exit 2) before anything is prepared")
    func senderAddress() throws {
        let server = try TestSMTPServer.running()
        try TestDatabase.with { database in
            try Scenario.submit([Commands.register(Scenario.newID(), name: "Frida", email: Scenario.address("frida"))], to: database)
            for from in ["orders@shop.example\r\nBcc: victim@example.com", "Shop <orders@shop.example>", "orders@shop.example>\r\nRCPT TO:<victim@example.com", "orders"] {
                let outcome = try OrderctlProcess.run(["notify", "run", "--once", "--smtp-url", server.url, "--from", from, "--database-url", database.url])
                #expect(outcome.status == 2, "--from \(from.debugDescription): \(outcome.standardError)")
                var environment = ProcessInfo.processInfo.environment
                environment.removeValue(forKey: "DATABASE_URL")
                environment["ORDERCTL_MAIL_FROM"] = from
                let fromEnvironment = try OrderctlProcess.run(["notify", "run", "--once", "--smtp-url", server.url, "--database-url", database.url], environment: environment)
                #expect(fromEnvironment.status == 2, "ORDERCTL_MAIL_FROM=\(from.debugDescription): \(fromEnvironment.standardError)")
            }
            #expect(try Scenario.list(database).isEmpty, "nothing was prepared")
            #expect(try Scenario.status(database).report["lag"]?.exactInteger == 1)
        }
    }
}
