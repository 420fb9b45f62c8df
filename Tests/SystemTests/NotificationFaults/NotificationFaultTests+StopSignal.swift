import DatabaseTestSupport
import Foundation
import Testing

extension NotificationFaultTests {
    @Test("SIGTERM while a message is in flight: notify run finishes that message, records it sent, starts no other, and exits 0")
    func stoppedMidSend() throws {
        let orders = NotifyingOrders(count: 5)
        let server = try StoppableSMTPServer()
        defer { server.destroy() }
        try TestDatabase.with { database in
            let connection = try database.connect()
            try NotifyingOrders.submit(orders.lines(0..<orders.count), to: database.url)
            // The runner prepares what is settled, then sends. Another test's transaction open on the cluster
            // holds this test's events back, and the runner, stopped after its first message, would have
            // prepared only those settled by then: fewer pending than the count below (4 of 14, once).
            try NotificationScenario.waitUntilSettled(database)
            // A frozen server: the kernel takes the runner's connection, but the greeting never comes, so the
            // first message stays in flight for as long as the test wants.
            server.freeze()
            let runner = try Self.launchRunner(database.url, smtp: server.url)
            let inFlight = try OutboxReadings.wait(seconds: 60) {
                try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome IS NULL", on: connection) == 1
            }
            try #require(inFlight, "the runner never claimed a notification: \(runner.process.isRunning)")
            let claimed = try CustomerScenario.column("SELECT notification_id::text FROM notification_attempts", on: connection)
            runner.process.terminate()
            // It must not give up the message it is sending: still there while the server is frozen.
            usleep(1_000_000)
            #expect(runner.process.isRunning, "notify run stopped without finishing the message in flight")
            server.thaw()
            let outcome = try runner.finish(hangLimitSeconds: 60, arguments: ["notify", "run"])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardError.contains("stopped on request"), "\(outcome.standardError)")
            #expect(OutboxReadings.sentByRunner(outcome) == 1, "\(outcome.standardError)")

            // The one message was finished and recorded, and no other was begun after the signal.
            #expect(try CustomerScenario.column("SELECT notification_id::text || ' ' || outcome FROM notification_attempts", on: connection)
                == claimed.map { $0 + " sent" })
            let listed = try OutboxReadings(url: database.url).list()
            let sent = listed.filter { $0.state == "sent" }
            #expect(sent.map(\.id) == claimed)
            #expect(listed.filter { $0.state == "pending" }.count == orders.notificationCount - 1)
            let copies = ReceivedMail.tally(ReceivedMail.copies(in: server.maildir, recipientsContaining: orders.mark))
            #expect(copies == Dictionary(uniqueKeysWithValues: sent.map { ($0.messageID, 1) }))
        }
    }
}
