import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

/// `notify run`'s exit statuses (0 all sent or skipped, 1 some failed or died, 2 usage, 3 no database), the
/// SMTP URL from the environment, and the runner that keeps going until it is stopped.
@Suite("notify run exit statuses")
struct NotifyExitStatusTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    /// A connection string whose socket folder does not exist: nothing answers there.
    static let unreachableDatabase = "postgresql:///orderctl?host=/nonexistent-orderctl-socket-folder&connect_timeout=2"

    @Test("exit 0 with nothing to do and when all was sent; 1 when the server cannot be reached (failed for now); 3 for every notify command when the database is unreachable or not migrated")
    func runStatuses() throws {
        let server = try TestSMTPServer.running()
        try TestDatabase.with { database in
            let idle = try Scenario.run(database, smtpURL: server.url)
            #expect(idle.status == 0, "nothing to do is success: \(idle.standardError)")
            #expect(NotifyRunSummary(standardError: idle.standardError) == NotifyRunSummary(eventsRead: 0))

            try Scenario.submit([Commands.register(Scenario.newID(), name: "Uma Unreached", email: Scenario.address("uma"))], to: database)
            let unreachable = try Scenario.run(database, smtpURL: TestSMTPServer.closedPortURL())
            #expect(unreachable.status == 1, "a refused connection is a failure for now: \(unreachable.standardError)")
            let failed = try #require(try Scenario.list(database).first)
            #expect(failed.state == "failed" && failed.lastError?.isEmpty == false, "\(failed)")
            #expect(try Scenario.status(database).exitStatus == 0, "failed for now is not dead")

            #expect(try NotificationRetryTests.retried(["--failed"], on: database) == [failed.id])
            let delivered = try Scenario.run(database, smtpURL: server.url)
            #expect(delivered.status == 0, "everything it handled was sent: \(delivered.standardError)")
            #expect(try Scenario.list(database).first?.state == "sent")
        }
        for arguments in [
            ["notify", "run", "--once", "--smtp-url", server.url], ["notify", "run", "--smtp-url", server.url, "--reconnect-timeout", "1"],
            ["notify", "status"], ["notify", "list"], ["notify", "show", Scenario.newID()], ["notify", "retry", "--dead"],
        ] {
            let outcome = try OrderctlProcess.run(arguments + ["--database-url", Self.unreachableDatabase], hangLimitSeconds: 30)
            #expect(outcome.status == 3, "\(arguments.joined(separator: " ")) against an unreachable database: \(outcome.standardError)")
            #expect(outcome.standardError.contains("cannot connect"), "\(outcome.standardError)")
        }
        try TestDatabase.with(migrated: false) { database in
            let outcome = try OrderctlProcess.run(["notify", "run", "--once", "--smtp-url", server.url, "--database-url", database.url])
            #expect(outcome.status == 3 && outcome.standardError.contains("orderctl migrate"), "an empty database: \(outcome.standardError)")
        }
    }

    @Test("usage errors exit 2 before anything is prepared: a malformed SMTP URL, none at all, --max-attempts 0, a negative --reconnect-timeout, bad list, show and retry arguments; ORDERCTL_SMTP_URL stands in for --smtp-url")
    func usageErrors() throws {
        let server = try TestSMTPServer.running()
        try TestDatabase.with { database in
            let customer = Scenario.newID()
            try Scenario.submit([Commands.register(customer, name: "Ulla Usage", email: Scenario.address("ulla"))], to: database)
            var withoutURL = ProcessInfo.processInfo.environment
            withoutURL.removeValue(forKey: "DATABASE_URL")
            withoutURL.removeValue(forKey: "ORDERCTL_SMTP_URL")
            let mistakes: [[String]] = [
                ["notify", "run", "--once", "--smtp-url", "http://\(server.hostAndPort)"],
                ["notify", "run", "--once", "--smtp-url", "smtp://"],
                ["notify", "run", "--once", "--smtp-url", "smtp://127.0.0.1:notaport"],
                ["notify", "run", "--once", "--smtp-url", server.url + "?tls=maybe"],
                ["notify", "run", "--once", "--smtp-url", server.url + "/path"],
                ["notify", "run", "--once"],
                ["notify", "run", "--once", "--smtp-url", server.url, "--max-attempts", "0"],
                ["notify", "run", "--once", "--smtp-url", server.url, "--reconnect-timeout", "-1"],
                ["notify", "list", "--state", "lost"], ["notify", "list", "--order", "42"], ["notify", "list", "--customer", "x"], ["notify", "list", "--limit", "0"],
                ["notify", "show", "not-a-uuid"], ["notify", "show"],
            ]
            for arguments in mistakes {
                let outcome = try OrderctlProcess.run(arguments + ["--database-url", database.url], environment: withoutURL)
                #expect(outcome.status == 2, "\(arguments.joined(separator: " ")): \(outcome.standardError)")
            }
            #expect(try Scenario.list(database).isEmpty, "no usage error prepared anything")
            #expect(try Scenario.status(database).report["lag"] == .integer(1))

            var withURL = withoutURL
            withURL["ORDERCTL_SMTP_URL"] = server.url
            try Scenario.waitUntilSettled(database)
            let fromEnvironment = try OrderctlProcess.run(["notify", "run", "--once", "--database-url", database.url], environment: withURL)
            #expect(fromEnvironment.status == 0, "\(fromEnvironment.standardError)")
            #expect(try Scenario.list(database).map(\.state) == ["sent"], "sent through the server ORDERCTL_SMTP_URL names")
        }
    }

    @Test("without --once the runner sends what is submitted while it runs, and SIGTERM stops it with exit 0 and its summary")
    func followingRunner() throws {
        let server = try TestSMTPServer.running()
        try TestDatabase.with { database in
            let runner = try OrderctlProcess.launch(["notify", "run", "--smtp-url", server.url, "--from", Scenario.sender, "--database-url", database.url])
            defer { if runner.process.isRunning { runner.process.terminate() } }
            let customer = Scenario.newID()
            try Scenario.submit([Commands.register(customer, name: "Wanda Waiting", email: Scenario.address("wanda"))], to: database)
            try Self.waitForSent(1, in: database, while: runner)
            let order = Scenario.newID()
            try Scenario.submit(Commands.confirmedOrder(order, by: customer, product: Scenario.newID()), to: database)
            try Self.waitForSent(2, in: database, while: runner)

            runner.process.terminate()
            let outcome = try runner.finish(hangLimitSeconds: 20, arguments: ["notify", "run"])
            #expect(outcome.status == 0, "\(outcome.standardError)")
            #expect(outcome.standardError.contains("(stopped on request)"), "\(outcome.standardError)")
            #expect(NotifyRunSummary(standardError: outcome.standardError).map { $0.sent == 2 && $0.failed == 0 && $0.dead == 0 } == true, "\(outcome.standardError)")
        }
    }

    /// Polls `notify list` until `count` notifications are sent; fails after 30 s or when the runner exits.
    static func waitForSent(_ count: Int, in database: TestDatabase, while runner: RunningOrderctl, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let deadline = Date().addingTimeInterval(30)
        while try Scenario.list(database, ["--state", "sent"]).count < count {
            try #require(runner.process.isRunning, "the runner exited: \(runner.errors.finish())", sourceLocation: sourceLocation)
            try #require(Date() < deadline, "the runner did not send \(count) notifications within 30 s", sourceLocation: sourceLocation)
            usleep(100_000)
        }
    }
}
