import DatabaseTestSupport
import Foundation
import PostgresClient
import PostgresStore
import Testing

extension NotificationFaultTests {
    @Test("PostgreSQL restarted under a running notify run with a message in flight: it reconnects, records that message's answer on its new session and carries on; nothing lost, nothing sent twice, and SIGTERM ends it with 0")
    func databaseRestarted() throws {
        let orders = NotifyingOrders(count: 50)
        let server = try StoppableSMTPServer()
        defer { server.destroy() }
        let cluster = try PrivateCluster()
        defer { cluster.destroy() }
        #expect(try OrderctlProcess.run(["migrate", "--database-url", cluster.url]).status == 0)
        let url = cluster.url.replacingOccurrences(of: "user=postgres", with: "user=\(RuntimeRole.name)")
        try NotifyingOrders.submit(orders.lines(0..<orders.count), to: url)

        let runner = try Self.launchRunner(url, smtp: server.url, ["--reconnect-timeout", "60"])
        defer { if runner.process.isRunning { kill(runner.process.processIdentifier, SIGKILL) } }
        var connection = try ConnectionTarget(databaseURL: url).connect()
        let going = try OutboxReadings.wait(seconds: 60) { try OutboxReadings.count("sent", on: connection) >= 10 }
        try #require(going, "the runner never got going")
        // A message in flight for as long as the restart takes: the server is frozen until it is over, so the
        // runner's record of the message meets a closed session.
        server.freeze()
        let hanging = try OutboxReadings.wait(seconds: 60) {
            try OutboxReadings.number(
                "SELECT count(*) FROM notification_attempts WHERE outcome IS NULL AND started_at < now() - interval '300 milliseconds'", on: connection
            ) == 1
        }
        try #require(hanging, "no message hung on the frozen server")
        let inFlight = try CustomerScenario.column("SELECT '<' || notification_id || '@orderctl>' FROM notification_attempts WHERE outcome IS NULL", on: connection)
        try cluster.make("db-restart")
        server.thaw()
        #expect(runner.process.isRunning, "notify run did not survive the restart")

        connection = try ConnectionTarget(databaseURL: url).connect()
        let caughtUp = try OutboxReadings.wait(seconds: 120) {
            try OutboxReadings.count("sent", on: connection) == orders.notificationCount || !runner.process.isRunning
        } && OutboxReadings.count("sent", on: connection) == orders.notificationCount
        runner.process.terminate()
        let outcome = try runner.finish(hangLimitSeconds: 60, arguments: ["notify", "run"])
        try #require(caughtUp, "not everything was sent after the restart: \(OutboxReadings(url: url).summary); \(outcome.standardError.suffix(600))")
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnected"), "\(outcome.standardError)")

        let outbox = OutboxReadings(url: url)
        let status = try outbox.status()
        #expect(status.exit == 0 && status.lag == 0, "\(status)")
        #expect(status.counts == ["pending": 0, "sent": orders.notificationCount, "failed": 0, "dead": 0, "skipped": 0], "\(status.counts)")
        let listed = try outbox.list()
        #expect(listed.count == orders.notificationCount)
        // The restart cut the runner's session between the server's acceptance of the message in flight and
        // its record. The runner lives on and knows the answer, so it records it on its new session: no attempt
        // is left without an outcome, and that message went out once, like every other. (A second copy is for
        // a runner that dies there, as in killedRunner.)
        #expect(try CustomerScenario.column("SELECT notification_id::text FROM notification_attempts WHERE outcome IS NULL", on: connection) == [])
        #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome IS DISTINCT FROM 'sent'", on: connection) == 0)
        #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts", on: connection) == orders.notificationCount)
        let copies = Self.expectDelivered(listed, in: server.maildir, mark: orders.mark)
        #expect(inFlight.map { copies[$0] ?? 0 } == [1], "copies of the message in flight at the restart")
    }
}
