import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

/// `customer forget` reaches the outbox: what was not sent never will be, what was sent keeps no address or
/// message, and no notification table holds the customer's details in the clear.
@Suite("Notifications of forgotten customers")
struct NotificationForgettingTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    /// A customer of the scenario: their id, name, address and one confirmed order.
    struct Customer {
        let id = NotificationScenario.newID()
        let name: String
        let email: String
        let order = NotificationScenario.newID()
    }

    @Test("forget: a sent notification keeps its state but loses recipient and message; pending, failed and dead ones become skipped (forgotten) and are never sent; one forgotten before preparation is prepared skipped; the name and e-mail are in no notification table")
    func forgetReachesTheOutbox() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let sent = Customer(name: "Sofia Sent-Kowalska", email: Scenario.address("sofia"))
            // fail451-: welcome and confirmation fail for now; the shipping notice waits behind the confirmation.
            let unsent = Customer(name: "Pavel Pending-Novák", email: Scenario.address("fail451-pavel"))
            let dead = Customer(name: "Dagmar Dead-Lindqvist", email: Scenario.address("fail554-dagmar"))
            let early = Customer(name: "Bruno Before-Preparing", email: Scenario.address("bruno"))
            let everyone = [sent, unsent, dead, early]
            try Scenario.submit(
                everyone.flatMap { customer in
                    [Commands.register(customer.id, name: customer.name, email: customer.email)]
                        + Commands.confirmedOrder(customer.order, by: customer.id, product: Scenario.newID())
                } + [Commands.ship(unsent.order, trackingNumber: "WAITS-1")],
                to: database
            )
            // Forgotten before anything of theirs is prepared.
            let forgottenEarly = try CustomerScenario.forget(early.id, on: database)
            #expect(forgottenEarly.status == 0, "\(forgottenEarly.standardError)")

            let first = try Scenario.run(database, smtpURL: server.url)
            #expect(first.status == 1, "\(first.standardError)")
            let before = try Scenario.list(database)
            #expect(try Self.states(of: sent, in: database) == ["welcome": "sent", "order_confirmation": "sent"])
            #expect(try Self.states(of: unsent, in: database) == ["welcome": "failed", "order_confirmation": "failed", "order_shipped": "pending"])
            #expect(try Self.states(of: dead, in: database) == ["welcome": "dead", "order_confirmation": "dead"])
            for row in try Self.rows(of: early, in: database) {
                #expect(row.state == "skipped" && row.reason == "forgotten" && row.recipient == nil && row.attempts == 0, "prepared after the forget: \(row)")
            }
            // The positive control for the searches below: before the forget, the tables do hold the details.
            let dumpBefore = try CustomerScenario.pgDump(database)
            #expect(CustomerScenario.copyBlock(of: "notifications", in: dumpBefore).contains { $0.contains(sent.email) })

            for customer in [sent, unsent, dead] {
                let outcome = try CustomerScenario.forget(customer.id, on: database)
                #expect(outcome.status == 0, "\(outcome.standardError)")
            }
            let after = try Scenario.list(database)
            #expect(after.map(\.id) == before.map(\.id), "forgetting removes no notification")
            for row in try Self.rows(of: sent, in: database) {
                let earlier = try #require(before.first { $0.id == row.id })
                #expect(row.state == "sent" && row.sentAt == earlier.sentAt && row.attempts == 1, "a sent notification stays sent: \(row)")
                #expect(row.recipient == nil, "\(row)")
                let shown = try Scenario.show(row.id, on: database)
                #expect(shown["message"] == .null, "the message is erased")
                #expect(try Scenario.attempts(in: shown).allSatisfy { $0["outcome"] == "sent" && $0["reply"] == .null }, "the attempts stay, their replies go")
            }
            for customer in [unsent, dead, early] {
                for row in try Self.rows(of: customer, in: database) {
                    #expect(row.state == "skipped" && row.reason == "forgotten", "\(customer.name): \(row)")
                    #expect(row.recipient == nil && row.nextAttemptAt == nil, "\(row)")
                    #expect(try Scenario.show(row.id, on: database)["message"] == .null)
                }
            }
            let status = try Scenario.status(database)
            #expect(status.exitStatus == 0, "nothing dead is left")
            #expect(Scenario.counts(status.report) == ["pending": 0, "sent": 2, "failed": 0, "dead": 0, "skipped": 7])

            // Nothing of theirs is ever sent, whatever is retried or run.
            let skipped = after.filter { $0.state == "skipped" }.map(\.id)
            let retried = try OrderctlProcess.run(["notify", "retry"] + skipped + ["--database-url", database.url])
            #expect(retried.status == 1 && retried.standardOutput.contains(#""retried":0"#), "\(retried.standardOutput)")
            #expect(try NotificationRetryTests.retried(["--dead"], on: database).isEmpty && NotificationRetryTests.retried(["--failed"], on: database).isEmpty)
            let second = try Scenario.run(database, smtpURL: server.url)
            #expect(second.status == 0, "\(second.standardError)")
            #expect(NotifyRunSummary(standardError: second.standardError)?.sent == 0)
            let received = try server.maildir.messages(withMessageIDs: after.map(\.messageID), since: started)
            #expect(after.filter { received[$0.messageID]?.isEmpty == false }.map(\.id) == (try Self.rows(of: sent, in: database).map(\.id)), "only what was sent before the forget ever left")

            // No table keeps their name or address in the clear: not the notifications (recipient, message,
            // last error), not the attempts' replies, nothing else pg_dump can read.
            let dumpAfter = try CustomerScenario.pgDump(database)
            for customer in everyone {
                for secret in [customer.name, customer.email, String(customer.email.split(separator: "@")[0])] {
                    #expect(!dumpAfter.contains(secret), "\(secret) is still in the database")
                }
            }
            let rows = try Scenario.ownerColumn(
                "SELECT n::text FROM notifications n UNION ALL SELECT a::text FROM notification_attempts a", on: database
            )
            #expect(rows.count == after.count + before.map(\.attempts).reduce(0, +), "every notification and attempt was read: \(rows.count)")
            for customer in everyone {
                #expect(!rows.contains { $0.contains(customer.email) || $0.contains(customer.name) }, "\(customer.name) in \(rows)")
            }
        }
    }

    /// The notifications of `customer` (their welcome and their order's), in log order.
    static func rows(of customer: Customer, in database: TestDatabase) throws -> [ListedNotification] {
        try Scenario.list(database, ["--customer", customer.id])
    }

    /// Each of `customer`'s notifications' state, by template. Not a list in log order: `submit` writes a
    /// batch's streams in id order, so a customer's registration and their order's events may come either way.
    static func states(of customer: Customer, in database: TestDatabase) throws -> [String: String] {
        Dictionary(uniqueKeysWithValues: try rows(of: customer, in: database).map { ($0.template, $0.state) })
    }
}
