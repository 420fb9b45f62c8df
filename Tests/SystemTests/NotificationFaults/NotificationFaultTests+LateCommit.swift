import DatabaseTestSupport
import Foundation
import Testing

extension NotificationFaultTests {
    // `export --follow` has the same guarantee tested in ExportFollowTests.followsALateCommit.
    @Test("a shipment whose transaction commits late, after later shipments: notify run --once prepares nothing past it (the lag shows them held back); once it commits, every shipping is prepared and sent, the late one included, none skipped")
    func lateCommitIsNotPassed() throws {
        let smtp = try Self.sharedServer()
        let orders = NotifyingOrders(count: 6)
        try TestDatabase.with { database in
            let connection = try database.connect()
            let outbox = OutboxReadings(url: database.url)
            let run = ["notify", "run", "--once", "--smtp-url", smtp.url, "--database-url", database.url]
            /// `notify run --once` until `sent` notifications are sent: a transaction of another test on the
            /// shared cluster may hold events back for a moment too.
            func sendAll(_ sent: Int) throws -> Bool {
                try OutboxReadings.wait(seconds: 30) {
                    let outcome = try OrderctlProcess.run(run)
                    #expect(outcome.status == 0, "\(outcome.standardError)")
                    return try OutboxReadings.count("sent", on: connection) == sent
                }
            }
            try NotifyingOrders.submit(orders.lines(0..<orders.count, shipping: false), to: database.url)
            try #require(try sendAll(2 * orders.count), "the welcomes and confirmations were not sent")

            // The first shipment's transaction is held open after its event is written: its order's row in a
            // read model, which the append writes after the event, is locked by another session.
            let owner = try database.connectAsOwner()
            let statuses = try #require(try CustomerScenario.column("SELECT table_name FROM projections WHERE name = 'statuses' AND state = 'live'", on: owner).first)
            try owner.execute("BEGIN", context: "holding a read-model row")
            try owner.execute("SELECT 1 FROM \"\(statuses)\" WHERE order_id = $1 FOR UPDATE", [orders.orders[0]], context: "holding a read-model row")
            let held = try OrderctlProcess.launch(["submit", "--database-url", database.url])
            defer { if held.process.isRunning { kill(held.process.processIdentifier, SIGKILL) } }
            try held.send(Data((orders.shipment(0) + "\n").utf8))
            var heldTransaction: String?
            let waiting = try OutboxReadings.wait(seconds: 30) {
                heldTransaction = try CustomerScenario.column(
                    "SELECT backend_xid::text FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND backend_xid IS NOT NULL",
                    on: connection
                ).first
                return heldTransaction != nil
            }
            try #require(waiting, "the first shipment's transaction never waited on the locked row with an id of its own")

            try NotifyingOrders.submit((1..<orders.count).map(orders.shipment), to: database.url)
            let blocked = try OrderctlProcess.run(run)
            #expect(blocked.status == 0, "\(blocked.standardError)")
            let later = orders.count - 1
            #expect(try outbox.list().filter { $0.template == "order_shipped" }.isEmpty, "a shipping was prepared past the open transaction")
            #expect(try outbox.status().lag == later)
            let text = try OrderctlProcess.run(["notify", "status", "--format", "text", "--database-url", database.url])
            #expect(text.standardOutput.contains("\(later) events not yet prepared (\(later) behind an open transaction)"), "\(text.standardOutput)")

            try owner.execute("ROLLBACK", context: "releasing the read-model row")
            let committed = try held.finish(hangLimitSeconds: 60, arguments: ["submit"])
            #expect(committed.status == 0, "\(committed.standardError)")
            // It was that transaction that wrote the event, and so held the others back.
            #expect(try CustomerScenario.column(
                "SELECT transaction_id::text FROM events WHERE stream_id = $1 AND event_type = 'OrderShipped'", [orders.orders[0]], on: connection
            ) == [heldTransaction ?? "?"])

            try #require(try sendAll(orders.notificationCount), "not every shipping was sent after the late commit: \(outbox.summary)")
            let status = try outbox.status()
            #expect(status.exit == 0 && status.lag == 0, "\(status)")
            #expect(status.counts == ["pending": 0, "sent": orders.notificationCount, "failed": 0, "dead": 0, "skipped": 0], "\(status.counts)")
            let listed = try outbox.list()
            #expect(listed.filter { $0.template == "order_shipped" && $0.state == "sent" }.compactMap(\.recipient).sorted()
                == (0..<orders.count).map(orders.recipient).sorted())
            Self.expectDelivered(listed, in: smtp.maildir, mark: orders.mark)
        }
    }
}
