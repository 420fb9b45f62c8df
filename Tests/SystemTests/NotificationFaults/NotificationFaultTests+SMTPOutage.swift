import DatabaseTestSupport
import Foundation
import Testing

extension NotificationFaultTests {
    @Test("the SMTP server down for a while, then back on its port: what came meanwhile fails for now, then goes out by the runner's own backoff, once each; notify run exits 0 on SIGTERM")
    func smtpServerDownThenBack() throws {
        let before = NotifyingOrders(count: 10), during = NotifyingOrders(count: 10)
        let server = try StoppableSMTPServer()
        defer { server.destroy() }
        try TestDatabase.with { database in
            let connection = try database.connect()
            let runner = try Self.launchRunner(database.url, smtp: server.url)
            defer { if runner.process.isRunning { kill(runner.process.processIdentifier, SIGKILL) } }
            try NotifyingOrders.submit(before.lines(0..<before.count), to: database.url)
            let first = try OutboxReadings.wait(seconds: 60) { try OutboxReadings.count("sent", on: connection) == before.notificationCount }
            try #require(first, "the runner did not send the first notifications")

            server.stop()
            try NotifyingOrders.submit(during.lines(0..<during.count), to: database.url)
            // Every welcome and confirmation of the second lot fails for now (connection refused); each
            // shipping waits behind its order's confirmation. The downtime ends as soon as they have, so the
            // attempts stay few and their backoff short (0.5–1 s after the first, 1–2 s after the second).
            let heads = 2 * during.count
            let failed = try OutboxReadings.wait(seconds: 60) {
                try OutboxReadings.count("failed", on: connection) + OutboxReadings.count("dead", on: connection) >= heads
            }
            try #require(failed, """
                the second lot did not fail while the server was down: \(OutboxReadings(url: database.url).summary), runner running: \(runner.process.isRunning), \
                attempts: \((try? CustomerScenario.column("SELECT coalesce(outcome, 'open') || ' ' || coalesce(reply, '') FROM notification_attempts", on: connection)) ?? []), \
                server log: \(server.logTail)
                """)
            #expect(try OutboxReadings.count("pending", on: connection) == during.count)
            #expect(try OutboxReadings.count("dead", on: connection) == 0)
            try #require(try server.start(), "the SMTP server could not listen on its port \(server.port) again")

            let all = before.notificationCount + during.notificationCount
            let caughtUp = try OutboxReadings.wait(seconds: 90) {
                try OutboxReadings.count("sent", on: connection) == all || !runner.process.isRunning
            } && OutboxReadings.count("sent", on: connection) == all
            runner.process.terminate()
            let outcome = try runner.finish(hangLimitSeconds: 60, arguments: ["notify", "run"])
            try #require(caughtUp, "not everything was sent after the server came back: \(OutboxReadings(url: database.url).summary); server log: \(server.logTail)")
            #expect(outcome.status == 0, "failed for a while, then sent, is delivered: \(outcome.standardError)")
            #expect(OutboxReadings.sentByRunner(outcome) == all, "\(outcome.standardError)")

            let outbox = OutboxReadings(url: database.url)
            let status = try outbox.status()
            #expect(status.exit == 0 && status.counts["sent"] == all && status.counts["dead"] == 0 && status.counts["failed"] == 0, "\(status)")
            let listed = try outbox.list()
            let second = listed.filter { $0.recipient?.contains(during.mark) == true }
            #expect(second.count == during.notificationCount)
            #expect(second.filter { $0.template != "order_shipped" }.allSatisfy { $0.attempts >= 2 }, "the heads of the second lot were tried while the server was down")
            // The failures were recorded as temporary, every attempt has its outcome, and none was sent twice.
            #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome = 'temporary_failure'", on: connection) >= heads)
            #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome IS NULL OR outcome = 'permanent_failure'", on: connection) == 0)
            #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome = 'sent'", on: connection) == all)
            Self.expectDelivered(listed.filter { $0.recipient?.contains(before.mark) == true }, in: server.maildir, mark: before.mark)
            Self.expectDelivered(second, in: server.maildir, mark: during.mark)
        }
    }
}
