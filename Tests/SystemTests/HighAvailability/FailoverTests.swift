import DatabaseTestSupport
import Foundation
import JSONCoding
import PostgresClient
import ReadModelTestSupport
import Testing

/// Failovers on a primary with a streaming standby of the test's own: the standby promoted by the test
/// (`pg_ctl promote`), which is faster and more deterministic than a manager's failure detection. One
/// test at a time: each pair is two servers on a machine that may have two cores.
@Suite("Failover to a standby", .serialized)
struct FailoverTests {
    static let commandCount = 20_000

    @Test("kill -9 of the primary during a 20,000-command submit, the synchronous standby promoted: submit carries on to exit 0, every acknowledged command is there exactly once, versions contiguous, chains intact, resubmission answers duplicate only; projections catch-up --follow and notify run carry on")
    func primaryKilledDuringSubmit() throws {
        let commands = try FaultTests.generatedCommands(orders: Self.commandCount / 5)
        defer { try? FileManager.default.removeItem(at: commands) }
        let smtp = try TestSMTPServer.running()
        let pair = try StandbyPair()
        defer { pair.destroy() }
        let migrated = try OrderctlProcess.run(["migrate", "--database-url", pair.url])
        try #require(migrated.status == 0, "\(migrated.standardError)")
        let writer = StandbyPair.asRuntimeRole(pair.url)
        let projector = try OrderctlProcess.launch(["projections", "catch-up", "--follow", "--database-url", writer])
        let notifier = try OrderctlProcess.launch(["notify", "run", "--smtp-url", smtp.url, "--database-url", writer])

        // Small batches, so that the kill lands mid-run however fast this machine commits.
        let submit = try OrderctlProcess.launch(["submit", commands.path, "--batch-size", "16", "--database-url", writer])
        try #require(submit.output.waitForLines(Self.commandCount / 8, seconds: 180), "submit never got going")
        try pair.run("kill-primary")
        try pair.run("promote")
        let outcome = try submit.finish(hangLimitSeconds: 600, arguments: ["submit"])

        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("reconnected to"), "the kill landed after the end: \(outcome.standardError)")
        #expect(outcome.outputLines.count == Self.commandCount)
        let promoted = try ConnectionTarget(databaseURL: pair.secondURL).connect()
        let audit = try AcknowledgementAudit(acknowledged: AcknowledgementAudit.acknowledged(in: outcome.outputLines), on: promoted)
        #expect(audit.isIntact, "\(audit)")
        #expect(try promoted.execute("SELECT count(*) FROM events", context: "counting").integer(row: 0, column: 0) == Int64(Self.commandCount))
        let verified = try OrderctlProcess.run(["audit", "verify", "--database-url", writer], hangLimitSeconds: 300)
        #expect(verified.status == 0, "\(verified.standardOutput) \(verified.standardError)")
        let again = try OrderctlProcess.run(["submit", commands.path, "--database-url", writer], hangLimitSeconds: 600)
        #expect(again.status == 0 && again.outputLines.count == Self.commandCount)
        #expect(again.outputLines.allSatisfy { $0.contains(#""status":"duplicate""#) }, "a line applied again after the failover")

        // The followers lost their sessions with the primary and resumed from their checkpoints on the new one.
        let caughtUpBy = Date().addingTimeInterval(120)
        var differences = ["not caught up yet"]
        while !differences.isEmpty, Date() < caughtUpBy {
            usleep(200_000)
            differences = try ReadModelExpectations.differences(on: promoted)
        }
        #expect(differences == [], "the read models after the failover")
        projector.process.terminate()
        let projected = try projector.finish(hangLimitSeconds: 60, arguments: ["projections", "catch-up", "--follow"])
        #expect(projected.status == 0, "\(projected.standardError)")
        #expect(projected.standardError.contains("reconnecting"), "\(projected.standardError)")
        let preparedBy = Date().addingTimeInterval(120)
        var unprepared: Int64? = -1
        while unprepared != 0, Date() < preparedBy {
            usleep(200_000)
            unprepared = try promoted.execute(
                """
                SELECT count(*) FROM events
                WHERE (transaction_id, global_position) > (SELECT checkpoint_transaction_id, checkpoint_position FROM notification_outbox)
                """,
                context: "counting events the outbox has not read"
            ).integer(row: 0, column: 0)
        }
        #expect(unprepared == 0, "notify run did not read the log to its end after the failover")
        notifier.process.terminate()
        let notified = try notifier.finish(hangLimitSeconds: 60, arguments: ["notify", "run"])
        #expect(notified.standardError.contains("reconnected to"), "\(notified.standardError)")
    }

    @Test("negative control: with an asynchronous standby held back, the same failover loses acknowledged commands, and the audit says so")
    func asynchronousStandbyLosesWhatTheAuditFinds() throws {
        let commands = try FaultTests.generatedCommands(orders: 1_000)
        defer { try? FileManager.default.removeItem(at: commands) }
        let pair = try StandbyPair(synchronous: false)
        defer { pair.destroy() }
        try #require(try OrderctlProcess.run(["migrate", "--database-url", pair.url]).status == 0)
        let writer = StandbyPair.asRuntimeRole(pair.url)
        // A transaction a command, so that the standby's stop and the kill land mid-run.
        let submit = try OrderctlProcess.launch(["submit", commands.path, "--batch-size", "1", "--database-url", writer])
        try #require(submit.output.waitForLines(500, seconds: 180), "submit never got going")
        // The standby stops where it is; the primary goes on acknowledging what only it holds.
        try pair.run("stop-standby")
        try #require(submit.output.waitForLines(2_500, seconds: 180), "submit stopped with the standby")
        try pair.run("kill-primary")
        try pair.run("start-standby")
        try pair.run("promote")
        let outcome = try submit.finish(hangLimitSeconds: 600, arguments: ["submit"])
        let promoted = try ConnectionTarget(databaseURL: pair.secondURL).connect()
        let audit = try AcknowledgementAudit(acknowledged: AcknowledgementAudit.acknowledged(in: outcome.outputLines), on: promoted)
        #expect(!audit.lost.isEmpty, "the held-back standby lost nothing, so this control shows nothing: \(audit)")
    }

    @Test("a commit whose wait for the synchronous standby is cancelled is not printed until the standby confirms it; when it cannot within --reconnect-timeout, exit 3 naming the line")
    func unconfirmedCommitIsNotAcknowledged() throws {
        let pair = try StandbyPair()
        defer { pair.destroy() }
        try #require(try OrderctlProcess.run(["migrate", "--database-url", pair.url]).status == 0)
        let writer = StandbyPair.asRuntimeRole(pair.url)
        let admin = try ConnectionTarget(databaseURL: pair.firstURL).connect()

        func placement() -> String {
            #"{"type":"PlaceOrder","orderId":"\#(UUID())","customerId":"\#(UUID())","currency":"EUR"}"# + "\n"
        }
        /// Cancels orderctl's wait for the standby as soon as it waits.
        func cancelTheWait() throws {
            let by = Date().addingTimeInterval(60)
            while Date() < by {
                let cancelled = try admin.execute(
                    "SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE application_name = 'orderctl' AND wait_event = 'SyncRep'",
                    context: "cancelling the wait for the standby"
                ).integer(row: 0, column: 0)
                if cancelled == 1 { return }
                usleep(20_000)
            }
            Issue.record("orderctl never waited for the standby")
        }

        // The standby's link stalls: the commit waits, its wait is cancelled, and the line stays unanswered
        // until the standby is back.
        try pair.run("stall-standby")
        let waiting = try OrderctlProcess.launch(["submit", "--database-url", writer])
        try waiting.send(Data(placement().utf8))
        try cancelTheWait()
        #expect(!waiting.output.waitForLines(1, seconds: 2), "a commit the standby did not confirm was answered")
        try pair.run("resume-standby")
        let confirmed = try waiting.finish(hangLimitSeconds: 60, arguments: ["submit"])
        #expect(confirmed.status == 0, "\(confirmed.standardError)")
        #expect(confirmed.outputLines.count == 1 && confirmed.outputLines[0].contains(#""status":"accepted""#), "\(confirmed.outputLines)")
        #expect(confirmed.standardError.contains("synchronous"), "\(confirmed.standardError)")

        // Stalled for longer than submit waits: exit 3, the line named, nothing printed.
        try pair.run("stall-standby")
        defer { _ = try? pair.run("resume-standby") }
        let givingUp = try OrderctlProcess.launch(["submit", "--reconnect-timeout", "2", "--database-url", writer])
        try givingUp.send(Data(placement().utf8))
        try cancelTheWait()
        let unknown = try givingUp.finish(hangLimitSeconds: 60, arguments: ["submit"])
        #expect(unknown.status == 3)
        #expect(unknown.outputLines.isEmpty)
        #expect(unknown.standardError.contains("line 1") && unknown.standardError.contains("may or may not have been committed"), "\(unknown.standardError)")
    }

    @Test("reads from the standby wait for --min-position and exit 3 when it stays behind; a whole-log audit runs there; a standby refuses writing subcommands, saying read-only")
    func replicaReadsAndWrites() throws {
        let pair = try StandbyPair()
        defer { pair.destroy() }
        try #require(try OrderctlProcess.run(["migrate", "--database-url", pair.url]).status == 0)
        let writer = StandbyPair.asRuntimeRole(pair.url)
        let reader = StandbyPair.asRuntimeRole(pair.secondURL)
        let order = UUID().uuidString.lowercased()
        let placed = try OrderctlProcess.run(["submit", "--database-url", writer], input: Data(
            #"{"type":"PlaceOrder","orderId":"\#(order)","customerId":"\#(UUID())","currency":"EUR"}"#.utf8 + [0x0A]
        ))
        let position = try #require(Self.position(in: placed.outputLines.first))
        let read = try OrderctlProcess.run(["query", "order", order, "--read-url", reader, "--min-position", String(position)])
        #expect(read.status == 0, "\(read.standardError)")
        #expect(read.standardOutput.contains(order))

        // Replay paused: the standby still confirms commits (synchronous_commit=on waits for its flush), but shows nothing new.
        let standby = try ConnectionTarget(databaseURL: pair.secondURL).connect()
        try standby.execute("SELECT pg_wal_replay_pause()", context: "pausing replay")
        defer { _ = try? standby.execute("SELECT pg_wal_replay_resume()", context: "resuming replay") }
        let confirmed = try OrderctlProcess.run(["submit", "--database-url", writer], input: Data(
            #"{"type":"AddItem","orderId":"\#(order)","productId":"\#(UUID())","quantity":1,"unitPrice":"1.00"}"#.utf8 + [0x0A]
        ))
        let later = try #require(Self.position(in: confirmed.outputLines.first), "\(confirmed.outputLines)")
        let behind = try OrderctlProcess.run(["replay", order, "--read-url", reader, "--min-position", String(later), "--wait-timeout", "1"])
        #expect(behind.status == 3)
        #expect(behind.standardError.contains("behind") && behind.standardError.contains("position \(later)"), "\(behind.standardError)")
        var environment = ProcessInfo.processInfo.environment
        environment["ORDERCTL_READ_URL"] = reader
        environment.removeValue(forKey: "DATABASE_URL")
        let waiting = try OrderctlProcess.launch(["export", "--min-position", String(later), "--wait-timeout", "30"], environment: environment)
        usleep(300_000)
        try standby.execute("SELECT pg_wal_replay_resume()", context: "resuming replay")
        let exported = try waiting.finish(hangLimitSeconds: 60, arguments: ["export"])
        #expect(exported.status == 0, "\(exported.standardError)")
        #expect(exported.outputLines.count == 2, "the read waited for the standby and then saw both events")
        // A whole-log audit on the standby shares its snapshot with a second session there (RecordedStreamVersions).
        let audited = try OrderctlProcess.run(["audit", "verify", "--read-url", reader, "--min-position", String(later)])
        #expect(audited.status == 0, "\(audited.standardError)")
        #expect(audited.standardOutput.contains(#""intact":true,"streams":1,"events":2"#), "\(audited.standardOutput)")

        for arguments in [["submit"], ["migrate"], ["projections", "catch-up"], ["customer", "forget", UUID().uuidString]] {
            let refused = try OrderctlProcess.run(arguments + ["--database-url", reader], input: Data())
            #expect(refused.status == 3, "\(arguments): \(refused.standardError)")
            #expect(refused.standardError.contains("read-only"), "\(arguments): \(refused.standardError)")
        }
    }

    /// The global position of the event a `submit` result line reports.
    static func position(in line: String?) -> Int64? {
        guard let line, let event = (try? JSONParser.parse(line))?.objectValue?["events"]?.arrayValue?.first?.objectValue else { return nil }
        return event["position"]?.exactInteger
    }
}
