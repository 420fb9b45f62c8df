import DatabaseTestSupport
import Foundation
import Testing

extension NotificationFaultTests {
    @Test("two and four notify run processes on the same outbox: every notification sent once and received once, each order's confirmation before its shipping", arguments: [2, 4])
    func concurrentRunners(runners count: Int) throws {
        let smtp = try Self.sharedServer()
        let orders = NotifyingOrders(count: 50)
        try TestDatabase.with { database in
            let connection = try database.connect()
            // The runners start idle and listening, so they all meet the work when it comes: the first to lock
            // the outbox prepares it, and its commit wakes the others to send.
            let runners = try (0..<count).map { _ in try Self.launchRunner(database.url, smtp: smtp.url) }
            let listening = try OutboxReadings.wait(seconds: 60) {
                try OutboxReadings.number(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                    on: connection
                ) >= count
            }
            #expect(listening, "not every runner connected")
            try NotifyingOrders.submit(orders.lines(0..<orders.count), to: database.url)
            let done = try OutboxReadings.wait(seconds: 120) {
                try OutboxReadings.count("sent", on: connection) == orders.notificationCount || !runners.allSatisfy(\.process.isRunning)
            } && runners.allSatisfy(\.process.isRunning)
            for runner in runners { runner.process.terminate() }
            let outcomes = try runners.map { try $0.finish(hangLimitSeconds: 60, arguments: ["notify", "run"]) }
            try #require(done, "not everything was sent within 120 s: \(OutboxReadings(url: database.url).summary)")
            for outcome in outcomes { #expect(outcome.status == 0, "\(outcome.standardError.suffix(400))") }

            // By the runners' own account: the sum of their sends is the number of notifications, and the work
            // was shared (otherwise this test would say nothing about runners side by side).
            let sentBy = outcomes.map { OutboxReadings.sentByRunner($0) ?? -1 }
            #expect(sentBy.reduce(0, +) == orders.notificationCount, "sent per runner: \(sentBy)")
            #expect(sentBy.filter { $0 > 0 }.count >= 2, "one runner did all the work: \(sentBy)")
            // By the records: one attempt per notification, and it was sent.
            #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts", on: connection) == orders.notificationCount)
            #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome IS DISTINCT FROM 'sent'", on: connection) == 0)

            let listed = try OutboxReadings(url: database.url).list()
            #expect(listed.count == orders.notificationCount && listed.allSatisfy { $0.state == "sent" && $0.attempts == 1 })
            // On the wire: each Message-ID exactly once.
            Self.expectDelivered(listed, in: smtp.maildir, mark: orders.mark)

            // Each order's notifications in event order: the confirmation was recorded sent before the shipping
            // was, and the server received it first.
            let received = Dictionary(
                ReceivedMail.copies(in: smtp.maildir, recipientsContaining: orders.mark).map { ($0.messageID, $0.receivedAt) }, uniquingKeysWith: min
            )
            var checked = 0
            for index in 0..<orders.count {
                let own = listed.filter { $0.recipient == orders.recipient(index) }
                guard let confirmation = own.first(where: { $0.template == "order_confirmation" }), let shipping = own.first(where: { $0.template == "order_shipped" }),
                      let confirmedAt = confirmation.sentAt, let shippedAt = shipping.sentAt
                else {
                    Issue.record("customer \(index): \(own.map(\.template))")
                    continue
                }
                #expect(confirmedAt <= shippedAt, "order \(orders.orders[index]): shipping recorded sent at \(shippedAt), its confirmation at \(confirmedAt)")
                #expect(received[confirmation.messageID] ?? "~" < received[shipping.messageID] ?? "", "order \(orders.orders[index]): shipping received before its confirmation")
                checked += 1
            }
            #expect(checked == orders.count)
        }
    }
}
