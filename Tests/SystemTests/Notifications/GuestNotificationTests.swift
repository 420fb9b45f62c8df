import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

/// Which events notify at all, and what becomes of a guest's: a skipped row with the reason, never a message.
@Suite("Guests and events that notify nobody")
struct GuestNotificationTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    @Test("a guest's confirmation, shipping and cancellation are skipped with reason no_contact and never sent; OrderPlaced, ItemAdded, ItemRemoved, OrderDelivered and ContactInfoChanged give no row; list filters by state, order, customer and limit")
    func guestsAndSilentEvents() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            // Never registered: every order of theirs is a guest's.
            let guest = Scenario.newID()
            let (guestShipped, guestCancelled) = (Scenario.newID(), Scenario.newID())
            let (customer, email) = (Scenario.newID(), Scenario.address("greta"))
            let (order, product) = (Scenario.newID(), Scenario.newID())
            try Scenario.submit(
                Commands.confirmedOrder(guestShipped, by: guest, product: Scenario.newID())
                    + [Commands.ship(guestShipped, trackingNumber: "GUEST-TRACK"), Commands.deliver(guestShipped)]
                    + [Commands.place(guestCancelled, by: guest), Commands.cancel(guestCancelled, reason: "guest changed their mind")]
                    + [Commands.register(customer, name: "Greta Garbo", email: email), Commands.changeName(of: customer, to: "Greta Lovisa Garbo")]
                    + [Commands.place(order, by: customer), Commands.add(product, quantity: 3, at: "2.00", to: order), Commands.remove(product, quantity: 1, from: order),
                       Commands.confirm(order), Commands.ship(order), Commands.deliver(order)],
                to: database
            )
            let outcome = try Scenario.run(database, smtpURL: server.url)
            #expect(outcome.status == 0, "skipped notifications are no failure: \(outcome.standardError)")
            let events = try Scenario.events(of: database)
            #expect(NotifyRunSummary(standardError: outcome.standardError) == NotifyRunSummary(sent: 3, skipped: 3, eventsRead: events.count), "\(outcome.standardError)")

            let notifying = ["CustomerRegistered", "OrderConfirmed", "OrderShipped", "OrderCancelled"]
            let list = try Scenario.list(database)
            #expect(Set(list.map(\.position)) == Set(events.filter { notifying.contains($0.type) }.map(\.position)), "a row for each notifying event, and only for those")
            #expect(list.count == 6, "one notification per notifying event: \(list.map(\.template))")

            let guestRows = list.filter { row in events.contains { $0.position == row.position && [guestShipped, guestCancelled].contains($0.streamID) } }
            // As sets: `submit` writes a batch's streams in id order, so two streams' events may come either way.
            #expect(guestRows.map(\.template).sorted() == ["order_cancelled", "order_confirmation", "order_shipped"])
            for row in guestRows {
                #expect(row.state == "skipped" && row.reason == "no_contact", "\(row)")
                #expect(row.recipient == nil && row.attempts == 0 && row.lastError == nil && row.nextAttemptAt == nil && row.sentAt == nil, "\(row)")
                let shown = try Scenario.show(row.id, on: database)
                #expect(shown["message"] == .null, "nothing was written for a guest")
                #expect(shown["attemptHistory"] == .array([]))
            }
            let received = try server.maildir.messages(withMessageIDs: list.map(\.messageID), since: started)
            #expect(guestRows.allSatisfy { received[$0.messageID]?.isEmpty == true }, "nothing was sent for a guest")
            #expect(list.filter { $0.state == "sent" }.allSatisfy { received[$0.messageID]?.count == 1 })

            // The filters of notify list.
            #expect(try Scenario.list(database, ["--state", "skipped"]) == guestRows)
            #expect(try Scenario.list(database, ["--order", guestCancelled]).map(\.template) == ["order_cancelled"])
            #expect(try Scenario.list(database, ["--customer", customer]).map(\.template).sorted() == ["order_confirmation", "order_shipped", "welcome"])
            #expect(try Scenario.list(database, ["--customer", guest]) == guestRows, "a guest's orders are theirs too")
            #expect(try Scenario.list(database, ["--limit", "2"]) == Array(list.prefix(2)))
            let status = try Scenario.status(database)
            #expect(status.exitStatus == 0)
            #expect(Scenario.counts(status.report) == ["pending": 0, "sent": 3, "failed": 0, "dead": 0, "skipped": 3])
            #expect(status.report["lag"] == .integer(0) && status.report["oldestUnsentSeconds"] == .null)
            #expect(status.report["lastSentAt"]?.stringValue == list.compactMap(\.sentAt).max()?.description)
        }
    }
}
