import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

/// Each row of the notification table, sent for real: the right event gives the right template, to the right
/// address, with the facts the template promises, and `notify list` says so field by field.
@Suite("Notification templates")
struct NotificationTemplateTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    /// What one notification must be: its event, where it goes, and what its message says.
    struct Expected {
        let template: String
        let eventType: String
        let stream: String
        let recipient: String
        let subjectHas: String
        /// Texts the decoded body must hold.
        let bodyHas: [String]
        /// Texts it must not hold.
        let bodyLacks: [String]
        /// For a confirmation: (product, quantity, unit price, subtotal) of each line, and the total.
        var items: [(product: String, quantity: Int, unitPrice: String, subtotal: String)] = []
        var total: String?
    }

    @Test("every template, sent: welcome to the e-mail registered, order mail to the contact on file when prepared; confirmations list each line and the total in EUR, JPY and KWD; shipped and cancelled with and without tracking number and reason; notify list shows all twelve fields and the message's Message-ID")
    func everyTemplate() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let anna = Scenario.newID()
            let name = "Anna Schmidt"
            let registered = Scenario.address("anna")
            // Changed before anything is prepared: the welcome still goes to the address registered, the
            // order notifications to this one.
            let onFile = Scenario.address("anna-on-file")
            let (euro, yen, dinar, cancelledAfterConfirming, cancelledPending) = (Scenario.newID(), Scenario.newID(), Scenario.newID(), Scenario.newID(), Scenario.newID())
            let products = (0..<8).map { _ in Scenario.newID() }
            let tracking = "1Z999AA10123456784"
            let reason = "Lieferung zu spät – storniert"
            try Scenario.submit(
                [Commands.register(anna, name: name, email: registered), Commands.changeEmail(of: anna, to: onFile)]
                    // EUR, two decimals: 2 × 19.99 and 1 × 5 (written "5", shown "5.00").
                    + [Commands.place(euro, by: anna, currency: "EUR"), Commands.add(products[0], quantity: 2, at: "19.99", to: euro),
                       Commands.add(products[1], quantity: 1, at: "5", to: euro), Commands.confirm(euro), Commands.ship(euro, trackingNumber: tracking)]
                    // JPY, no decimals: 4 added and 1 removed again, so the confirmation shows the 3 left.
                    + [Commands.place(yen, by: anna, currency: "JPY"), Commands.add(products[2], quantity: 4, at: "1200", to: yen),
                       Commands.remove(products[2], quantity: 1, from: yen), Commands.add(products[3], quantity: 1, at: "99", to: yen),
                       Commands.confirm(yen), Commands.ship(yen)]
                    // KWD, three decimals.
                    + [Commands.place(dinar, by: anna, currency: "KWD"), Commands.add(products[4], quantity: 2, at: "1.25", to: dinar),
                       Commands.add(products[5], quantity: 1, at: "0.005", to: dinar), Commands.confirm(dinar), Commands.cancel(dinar, reason: reason)]
                    + Commands.confirmedOrder(cancelledAfterConfirming, by: anna, product: products[6], at: "7.50") + [Commands.cancel(cancelledAfterConfirming)]
                    // Cancelled while pending: a cancellation, never a confirmation.
                    + [Commands.place(cancelledPending, by: anna), Commands.add(products[7], quantity: 1, at: "1", to: cancelledPending), Commands.cancel(cancelledPending)],
                to: database
            )

            let outcome = try Scenario.run(database, smtpURL: server.url)
            #expect(outcome.status == 0, "everything was sent: \(outcome.standardError)")
            let events = try Scenario.events(of: database)
            #expect(NotifyRunSummary(standardError: outcome.standardError) == NotifyRunSummary(sent: 10, eventsRead: events.count), "\(outcome.standardError)")

            let expected: [Expected] = [
                Expected(template: "welcome", eventType: "CustomerRegistered", stream: anna, recipient: registered, subjectHas: "Welcome", bodyHas: [name], bodyLacks: []),
                Expected(
                    template: "order_confirmation", eventType: "OrderConfirmed", stream: euro, recipient: onFile, subjectHas: euro, bodyHas: [euro, name], bodyLacks: [],
                    items: [(products[0], 2, "19.99 EUR", "39.98 EUR"), (products[1], 1, "5.00 EUR", "5.00 EUR")], total: "44.98 EUR"
                ),
                Expected(template: "order_shipped", eventType: "OrderShipped", stream: euro, recipient: onFile, subjectHas: euro, bodyHas: [euro, tracking], bodyLacks: []),
                Expected(
                    template: "order_confirmation", eventType: "OrderConfirmed", stream: yen, recipient: onFile, subjectHas: yen, bodyHas: [yen], bodyLacks: [],
                    items: [(products[2], 3, "1200 JPY", "3600 JPY"), (products[3], 1, "99 JPY", "99 JPY")], total: "3699 JPY"
                ),
                Expected(template: "order_shipped", eventType: "OrderShipped", stream: yen, recipient: onFile, subjectHas: yen, bodyHas: [yen], bodyLacks: ["Tracking", "racking number"]),
                Expected(
                    template: "order_confirmation", eventType: "OrderConfirmed", stream: dinar, recipient: onFile, subjectHas: dinar, bodyHas: [dinar], bodyLacks: [],
                    items: [(products[4], 2, "1.250 KWD", "2.500 KWD"), (products[5], 1, "0.005 KWD", "0.005 KWD")], total: "2.505 KWD"
                ),
                Expected(template: "order_cancelled", eventType: "OrderCancelled", stream: dinar, recipient: onFile, subjectHas: dinar, bodyHas: [dinar, reason], bodyLacks: []),
                Expected(
                    template: "order_confirmation", eventType: "OrderConfirmed", stream: cancelledAfterConfirming, recipient: onFile, subjectHas: cancelledAfterConfirming,
                    bodyHas: [cancelledAfterConfirming], bodyLacks: [], items: [(products[6], 1, "7.50 EUR", "7.50 EUR")], total: "7.50 EUR"
                ),
                Expected(template: "order_cancelled", eventType: "OrderCancelled", stream: cancelledAfterConfirming, recipient: onFile, subjectHas: cancelledAfterConfirming,
                         bodyHas: [cancelledAfterConfirming], bodyLacks: ["Reason", "reason:"]),
                Expected(template: "order_cancelled", eventType: "OrderCancelled", stream: cancelledPending, recipient: onFile, subjectHas: cancelledPending,
                         bodyHas: [cancelledPending], bodyLacks: ["Reason", "reason:"]),
            ]

            let list = try Scenario.list(database)
            #expect(list.count == expected.count, "one notification per notifying event, none for the others: \(list.map(\.template))")
            #expect(list.map(\.position) == list.map(\.position).sorted(), "notify list is in log order")
            let mail = try server.maildir.messages(withMessageIDs: list.map(\.messageID), since: started)
            for expectation in expected {
                let event = try Scenario.event(expectation.eventType, of: expectation.stream, in: events)
                let notification = try Scenario.listed(list, template: expectation.template, position: event.position)
                #expect(notification.eventID == event.eventID)
                #expect(notification.recipient == expectation.recipient, "\(expectation.template) of \(expectation.stream)")
                #expect(notification.state == "sent" && notification.reason == nil && notification.attempts == 1 && notification.lastError == nil)
                #expect(notification.nextAttemptAt == nil, "a sent notification is due no more")
                let sentAt = try #require(notification.sentAt, "a sent notification has sentAt")
                #expect(sentAt >= Scenario.timestamp(started) && sentAt <= Scenario.now())

                let copies = mail[notification.messageID] ?? []
                try #require(copies.count == 1, "\(copies.count) copies of \(expectation.template) of \(expectation.stream) were received")
                let message = try NotificationMessageChecks.expectWellFormed(copies[0], of: notification, to: name, at: expectation.recipient, preparedAfter: started)
                let subject = try message.subject()
                #expect(subject.contains(expectation.subjectHas), "Subject: \(subject)")
                for text in expectation.bodyHas { #expect(message.body.contains(text), "\(expectation.template) lacks \(text): \(message.body)") }
                for text in expectation.bodyLacks { #expect(!message.body.contains(text), "\(expectation.template) has \(text): \(message.body)") }
                for item in expectation.items {
                    let line = try #require(NotificationMessageChecks.itemLine(of: item.product, in: message.body), "no single line for \(item.product): \(message.body)")
                    #expect(NotificationMessageChecks.line(line, has: item.quantity, unitPrice: item.unitPrice, subtotal: item.subtotal), "\(line)")
                }
                if let total = expectation.total {
                    #expect(message.body.split(separator: "\n").contains { $0.contains("Total") && $0.hasSuffix(" " + total) }, "no total \(total): \(message.body)")
                    let itemLines = message.body.split(separator: "\n").filter { line in
                        line.contains("product ") || expectation.items.contains { line.contains($0.product) }
                    }
                    #expect(itemLines.count == expectation.items.count, "a line per item and no other: \(message.body)")
                }
            }
            // The pending order that was cancelled never had a confirmation.
            #expect(!list.contains { $0.template == "order_confirmation" && $0.position == (try? Scenario.event("OrderCancelled", of: cancelledPending, in: events))?.position })
        }
    }

    @Test("a change of name or e-mail after preparation does not touch what was prepared; the next notification takes the new contact")
    func contactChangedAfterPreparation() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let customer = Scenario.newID()
            let (first, second) = (Scenario.address("ben"), Scenario.address("ben-later"))
            let (order, product) = (Scenario.newID(), Scenario.newID())
            // fail451-: the confirmation is prepared and stays unsent (failed) while the contact changes.
            let refusing = Scenario.address("fail451-ben")
            try Scenario.submit([Commands.register(customer, name: "Ben Okafor", email: first), Commands.changeEmail(of: customer, to: refusing)]
                + Commands.confirmedOrder(order, by: customer, product: product), to: database)
            let firstRun = try Scenario.run(database, smtpURL: server.url)
            #expect(firstRun.status == 1, "the confirmation failed for now: \(firstRun.standardError)")
            try Scenario.submit([Commands.changeName(of: customer, to: "Benedict Okafor"), Commands.changeEmail(of: customer, to: second), Commands.ship(order)], to: database)
            let secondRun = try Scenario.run(database, smtpURL: server.url)
            #expect(secondRun.status == 0 || secondRun.status == 1, "\(secondRun.standardError)")

            let list = try Scenario.list(database, ["--order", order])
            #expect(list.map(\.template) == ["order_confirmation", "order_shipped"])
            #expect(list.first?.recipient == refusing, "the prepared confirmation keeps the address it was prepared for")
            #expect(list.last?.recipient == second, "the shipping notification, prepared after the change, takes the new address")
            #expect(list.last?.state == "pending" && list.last?.attempts == 0, "and waits behind the unsent confirmation")
            let shown = try Scenario.show(try #require(list.first?.id), on: database)
            let message = try #require(shown["message"]?.stringValue)
            #expect(try ReceivedMessage(Array(message.utf8)).mailbox("To") == ReceivedMessage.Mailbox(displayName: "Ben Okafor", address: refusing))
            #expect(try server.maildir.messages(withMessageIDs: list.map(\.messageID), since: started).values.allSatisfy(\.isEmpty), "nothing of the order was sent")
        }
    }
}
