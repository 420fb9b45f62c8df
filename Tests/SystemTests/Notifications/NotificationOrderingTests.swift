import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import Testing

/// Notifications of one stream go out in event order: a shipping notice never overtakes the confirmation
/// that is still being retried, while other streams go on.
@Suite("Notification order within a stream")
struct NotificationOrderingTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    @Test("with a recipient that refuses twice (flaky2-), the order's shipping notice waits, unattempted, until its confirmation is sent; retries respect nextAttemptAt (0.5–1 s, then 1–2 s); the customer's welcome is not held up")
    func shippingWaitsForTheConfirmation() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let customer = Scenario.newID()
            let (registered, flaky) = (Scenario.address("hanna"), Scenario.address("flaky2-hanna"))
            let order = Scenario.newID()
            try Scenario.submit(
                [Commands.register(customer, name: "Hanna Arendt", email: registered), Commands.changeEmail(of: customer, to: flaky)]
                    + Commands.confirmedOrder(order, by: customer, product: Scenario.newID()) + [Commands.ship(order, trackingNumber: "ORDER-1")],
                to: database
            )

            let first = try Scenario.run(database, smtpURL: server.url)
            #expect(first.status == 1, "the confirmation failed for now: \(first.standardError)")
            let firstSummary = NotifyRunSummary(standardError: first.standardError)
            #expect(firstSummary?.sent == 1 && firstSummary?.failed == 1, "\(first.standardError)")
            var (confirmation, shipped) = try Self.orderNotifications(order, in: database)
            let welcome = try #require(try Scenario.list(database, ["--customer", customer]).first { $0.template == "welcome" })
            #expect(welcome.state == "sent", "another stream (the customer's) is not held up by the order's failure")
            #expect(confirmation.state == "failed" && confirmation.attempts == 1 && confirmation.lastError?.contains("451") == true, "\(confirmation)")
            #expect(shipped.state == "pending" && shipped.attempts == 0, "the later notification was not even tried: \(shipped)")
            let shippedDue = try #require(shipped.nextAttemptAt)
            #expect(shippedDue <= Scenario.now(), "it is due, yet waits for the confirmation")
            let firstAttempt = try #require(try Scenario.attempts(in: Scenario.show(confirmation.id, on: database)).first)
            let firstRetry = try #require(confirmation.nextAttemptAt)
            let firstDelay = Scenario.seconds(from: try Self.time(firstAttempt["finishedAt"]), to: firstRetry)
            #expect(firstDelay >= 0.5 - 0.001 && firstDelay <= 1.0 + 0.001, "the first retry comes 0.5 to 1 s after the failure, not \(firstDelay) s")

            // At once again: nothing is due yet, so nothing may be tried (when the run ended before the retry
            // fell due; a slow machine may get there too late to tell).
            let early = try Scenario.run(database, smtpURL: server.url)
            if Scenario.now() < firstRetry {
                #expect(early.status == 0, "a run that found nothing due handled nothing that failed: \(early.standardError)")
                (confirmation, shipped) = try Self.orderNotifications(order, in: database)
                #expect(confirmation.attempts == 1, "the confirmation was tried again before nextAttemptAt")
            }

            Scenario.sleep(until: firstRetry)
            let second = try Scenario.run(database, smtpURL: server.url)
            #expect(second.status == 1, "\(second.standardError)")
            (confirmation, shipped) = try Self.orderNotifications(order, in: database)
            #expect(confirmation.state == "failed" && confirmation.attempts == 2, "\(confirmation)")
            #expect(shipped.state == "pending" && shipped.attempts == 0, "still waiting: \(shipped)")
            let history = try Scenario.attempts(in: Scenario.show(confirmation.id, on: database))
            try #require(history.count == 2)
            #expect(try Self.time(history[1]["startedAt"]) >= firstRetry, "the second attempt began before nextAttemptAt")
            let secondDelay = Scenario.seconds(from: try Self.time(history[1]["finishedAt"]), to: try #require(confirmation.nextAttemptAt))
            #expect(secondDelay >= 1.0 - 0.001 && secondDelay <= 2.0 + 0.001, "the second retry comes 1 to 2 s after the failure, not \(secondDelay) s")

            // Rather than wait out the second backoff: retry makes it due now, with fresh attempts.
            let retried = try OrderctlProcess.run(["notify", "retry", confirmation.id, "--database-url", database.url])
            #expect(retried.status == 0 && retried.outputLines == [#"{"retried":1,"ids":["\#(confirmation.id)"]}"#], "\(retried.standardOutput)\(retried.standardError)")
            let third = try Scenario.run(database, smtpURL: server.url)
            #expect(third.status == 0, "\(third.standardError)")
            #expect(NotifyRunSummary(standardError: third.standardError)?.sent == 2, "\(third.standardError)")
            (confirmation, shipped) = try Self.orderNotifications(order, in: database)
            #expect(confirmation.state == "sent" && shipped.state == "sent")
            #expect(confirmation.attempts == 1 && shipped.attempts == 1, "a retry starts a new round of attempts; the shipping notice needed one")

            let confirmationHistory = try Scenario.attempts(in: Scenario.show(confirmation.id, on: database))
            #expect(confirmationHistory.map { $0["attempt"] } == [.integer(1), .integer(2), .integer(1)])
            #expect(confirmationHistory.map { $0["outcome"] } == ["temporary_failure", "temporary_failure", "sent"])
            #expect(confirmationHistory.prefix(2).allSatisfy { $0["reply"]?.stringValue?.contains("451") == true }, "\(confirmationHistory)")
            let shippedHistory = try Scenario.attempts(in: Scenario.show(shipped.id, on: database))
            try #require(shippedHistory.count == 1)
            let confirmationSent = try #require(confirmation.sentAt)
            #expect(try Self.time(shippedHistory[0]["startedAt"]) >= confirmationSent, "the shipping notice was claimed before the confirmation was sent")

            // The server saw them in that order, each once.
            let confirmationMail = try server.maildir.message(withMessageID: confirmation.messageID, since: started)
            let shippedMail = try server.maildir.message(withMessageID: shipped.messageID, since: started)
            #expect(try #require(confirmationMail.receivedAt) < (try #require(shippedMail.receivedAt)))
        }
    }

    /// The order's confirmation and shipping notice, as `notify list --order` shows them.
    static func orderNotifications(_ order: String, in database: TestDatabase) throws -> (ListedNotification, ListedNotification) {
        let list = try Scenario.list(database, ["--order", order])
        try #require(list.map(\.template) == ["order_confirmation", "order_shipped"], "\(list)")
        return (list[0], list[1])
    }

    /// An attempt's time from `notify show`.
    static func time(_ value: JSONValue?) throws -> Timestamp {
        try #require(value?.stringValue.flatMap { Timestamp(rfc3339: $0) }, "not a timestamp: \(String(describing: value))")
    }
}
