import DatabaseTestSupport
import Foundation
import PostgresClient
import PostgresStore
import Testing

extension NotificationFaultTests {
    @Test("PostgreSQL restarted under a running notify run: it reconnects and carries on, nothing is lost, at most the one message in flight goes out twice under its Message-ID, and SIGTERM ends it with 0")
    func databaseRestarted() throws {
        let smtp = try Self.sharedServer()
        let orders = NotifyingOrders(count: 50)
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        #expect(try OrderctlProcess.run(["migrate", "--database-url", cluster.url]).status == 0)
        let url = cluster.url.replacingOccurrences(of: "user=postgres", with: "user=\(RuntimeRole.name)")
        try NotifyingOrders.submit(orders.lines(0..<orders.count), to: url)

        let runner = try Self.launchRunner(url, smtp: smtp.url, ["--reconnect-timeout", "60"])
        defer { if runner.process.isRunning { kill(runner.process.processIdentifier, SIGKILL) } }
        var connection = try ConnectionTarget(databaseURL: url).connect()
        let going = try OutboxReadings.wait(seconds: 60) { try OutboxReadings.count("sent", on: connection) >= 10 }
        try #require(going, "the runner never got going")
        try cluster.make("db-restart")
        #expect(runner.process.isRunning, "notify run did not survive the restart")

        connection = try ConnectionTarget(databaseURL: url).connect()
        let sentAtRestart = try OutboxReadings.count("sent", on: connection)
        #expect(sentAtRestart < orders.notificationCount, "the restart came after the last send, so it tested nothing")
        let caughtUp = try OutboxReadings.wait(seconds: 120) {
            try OutboxReadings.count("sent", on: connection) == orders.notificationCount || !runner.process.isRunning
        } && OutboxReadings.count("sent", on: connection) == orders.notificationCount
        runner.process.terminate()
        let outcome = try runner.finish(hangLimitSeconds: 60, arguments: ["notify", "run"])
        try #require(caughtUp, "not everything was sent after the restart: \(OutboxReadings(url: url).summary); \(outcome.standardError)")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnected"), "\(outcome.standardError)")

        let outbox = OutboxReadings(url: url)
        let status = try outbox.status()
        #expect(status.exit == 0 && status.lag == 0, "\(status)")
        #expect(status.counts == ["pending": 0, "sent": orders.notificationCount, "failed": 0, "dead": 0, "skipped": 0], "\(status.counts)")
        let listed = try outbox.list()
        #expect(listed.count == orders.notificationCount)
        // The restart can cut the runner between the server's acceptance and its record of it, once: that
        // one attempt has no outcome, and only its notification may have gone out twice.
        let interrupted = Set(try CustomerScenario.column(
            "SELECT '<' || notification_id || '@orderctl>' FROM notification_attempts WHERE outcome IS NULL", on: connection
        ))
        #expect(interrupted.count <= 1, "\(interrupted)")
        #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome IS DISTINCT FROM 'sent' AND outcome IS NOT NULL", on: connection) == 0)
        Self.expectDelivered(listed, in: smtp.maildir, mark: orders.mark, mayRepeat: interrupted.contains)
    }
}
