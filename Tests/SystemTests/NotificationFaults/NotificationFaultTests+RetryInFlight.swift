import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

extension NotificationFaultTests {
    @Test("notify retry --failed while a failed notification's next attempt is in flight: it is left to its runner, no second runner sends it too, one copy arrives")
    func retryWhileInFlight() throws {
        let orders = NotifyingOrders(count: 1)
        let server = try StoppableSMTPServer()
        defer { server.destroy() }
        try TestDatabase.with { database in
            let connection = try database.connect()
            // The welcome fails for now while the server is down...
            server.stop()
            try NotifyingOrders.submit([orders.lines(0..<1)[0]], to: database.url)
            let runner = try Self.launchRunner(database.url, smtp: server.url)
            defer { if runner.process.isRunning { kill(runner.process.processIdentifier, SIGKILL) } }
            let failed = try OutboxReadings.wait(seconds: 60) { try OutboxReadings.count("failed", on: connection) == 1 }
            try #require(failed, "the welcome never failed")
            // ...and its next attempt hangs on a frozen server, the notification still `failed` meanwhile.
            let listening = try server.start()
            try #require(listening, "the SMTP server could not listen on its port \(server.port) again")
            server.freeze()
            let hanging = try OutboxReadings.wait(seconds: 60) {
                try OutboxReadings.number(
                    "SELECT count(*) FROM notification_attempts WHERE outcome IS NULL AND started_at < now() - interval '300 milliseconds'", on: connection
                ) == 1
            }
            try #require(hanging, "the next attempt never hung on the frozen server")
            #expect(try OutboxReadings.count("failed", on: connection) == 1)

            let retried = try OrderctlProcess.run(["notify", "retry", "--failed", "--database-url", database.url])
            #expect(retried.status == 0, "\(retried.standardError)")
            #expect(try JSONParser.parse(retried.standardOutput).objectValue?["retried"] == .integer(0), "a notification in flight was put back: \(retried.standardOutput)")
            let id = try #require(try CustomerScenario.column("SELECT notification_id::text FROM notifications", on: connection).first)
            let named = try OrderctlProcess.run(["notify", "retry", id, "--database-url", database.url])
            #expect(named.status == 1 && named.standardOutput.contains(#""reason":"it is being sent now""#), "\(named.standardOutput)")
            // Another runner must find nothing to do; were the notification put back, it would send it too.
            let other = try OrderctlProcess.launch(["notify", "run", "--once", "--smtp-url", server.url, "--database-url", database.url])
            defer { if other.process.isRunning { kill(other.process.processIdentifier, SIGKILL) } }
            _ = try OutboxReadings.wait(seconds: 30) {
                if !other.process.isRunning { return true }
                return try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome IS NULL", on: connection) > 1
            }
            server.thaw()
            let otherOutcome = try other.finish(hangLimitSeconds: 60, arguments: ["notify", "run", "--once"])
            #expect(otherOutcome.status == 0 && OutboxReadings.sentByRunner(otherOutcome) == 0, "\(otherOutcome.standardError)")
            let sent = try OutboxReadings.wait(seconds: 30) { try OutboxReadings.count("sent", on: connection) == 1 }
            try #require(sent, "the welcome was not sent after the thaw")
            runner.process.terminate()
            let outcome = try runner.finish(hangLimitSeconds: 60, arguments: ["notify", "run"])
            #expect(outcome.status == 0, "\(outcome.standardError)")

            #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome = 'sent'", on: connection) == 1)
            #expect(try OutboxReadings.number("SELECT count(*) FROM notification_attempts WHERE outcome IS NULL", on: connection) == 0)
            let copies = ReceivedMail.tally(ReceivedMail.copies(in: server.maildir, recipientsContaining: orders.mark))
            #expect(Array(copies.values) == [1], "\(copies)")
        }
    }
}
