import DatabaseTestSupport
import Foundation
import JSONCoding
import Testing

/// The SMTP URL's password never leaves the process: not in output, error messages, stored attempts or any
/// table. And a password never travels in the clear: a URL with one needs TLS, and `?tls=required` against a
/// server without STARTTLS sends nothing.
@Suite("The SMTP password")
struct SMTPPasswordTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    /// The password as written in the URLs, and as they mean it once percent-decoded.
    static let password = "s3cretPassw0rd"
    static let encodedPassword = "s3cret%40Passw0rd"
    static let decodedPassword = "s3cret@Passw0rd"
    static let secrets = [password, encodedPassword, decodedPassword, "s3cret"]

    @Test("with a password: a plain smtp:// URL is a usage error; ?tls=required against this server (no STARTTLS) sends nothing and the notification is failed saying TLS was required; smtps:// fails its handshake; the password is in no output, no notify list, show or status, and no table (pg_dump)")
    func passwordStaysSecret() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let customer = Scenario.newID()
            try Scenario.submit([Commands.register(customer, name: "Paula Private", email: Scenario.address("paula"))]
                + Commands.confirmedOrder(Scenario.newID(), by: customer, product: Scenario.newID()), to: database)
            var outputs: [String] = []

            // A password without TLS would cross the wire in the clear: refused before anything is prepared.
            var environment = ProcessInfo.processInfo.environment
            environment.removeValue(forKey: "DATABASE_URL")
            environment["ORDERCTL_SMTP_URL"] = "smtp://orders:\(Self.password)@\(server.hostAndPort)"
            for run in [
                try Scenario.run(database, smtpURL: "smtp://orders:\(Self.password)@\(server.hostAndPort)"),
                try OrderctlProcess.run(["notify", "run", "--once", "--database-url", database.url], environment: environment),
            ] {
                #expect(run.status == 2, "\(run.standardError)")
                #expect(run.standardError.contains("TLS"), "the message says what to do: \(run.standardError)")
                outputs += [run.standardOutput, run.standardError]
            }
            #expect(try Scenario.list(database).isEmpty)

            let required = try Scenario.run(database, smtpURL: "smtp://orders:\(Self.password)@\(server.hostAndPort)?tls=required")
            #expect(required.status == 1, "\(required.standardError)")
            outputs += [required.standardOutput, required.standardError]
            let list = try Scenario.list(database)
            #expect(list.count == 2)
            let tried = try #require(list.first { $0.attempts == 1 }, "\(list)")
            #expect(tried.state == "failed" && tried.lastError?.contains("TLS was required") == true, "\(tried)")
            #expect(list.allSatisfy { $0.state == "failed" || ($0.state == "pending" && $0.attempts == 0) }, "\(list)")

            let implicit = try Scenario.run(database, smtpURL: "smtps://orders:\(Self.encodedPassword)@\(server.hostAndPort)")
            let refused = try Scenario.run(database, smtpURL: TestSMTPServer.closedPortURL().replacingOccurrences(of: "smtp://", with: "smtp://orders:\(Self.password)@") + "?tls=required")
            #expect(try NotificationRetryTests.retried(["--failed"], on: database).count >= 1)
            let implicitAgain = try Scenario.run(database, smtpURL: "smtps://orders:\(Self.encodedPassword)@\(server.hostAndPort)")
            for run in [implicit, refused, implicitAgain] {
                #expect(run.status == 0 || run.status == 1, "\(run.standardError)")
                outputs += [run.standardOutput, run.standardError]
            }
            let history = try Scenario.attempts(in: Scenario.show(tried.id, on: database))
            #expect(history.count >= 2 && history.allSatisfy { $0["outcome"] == "temporary_failure" }, "\(history)")
            let received = try server.maildir.messages(withMessageIDs: list.map(\.messageID), since: started)
            #expect(received.values.allSatisfy { $0.isEmpty }, "nothing was sent without TLS")

            for arguments in [["notify", "list"], ["notify", "list", "--format", "text"], ["notify", "show", tried.id], ["notify", "show", tried.id, "--format", "text"],
                              ["notify", "status"], ["notify", "status", "--format", "text"]] {
                let outcome = try OrderctlProcess.run(arguments + ["--database-url", database.url])
                outputs += [outcome.standardOutput, outcome.standardError]
            }
            let dump = try CustomerScenario.pgDump(database)
            #expect(dump.contains("TLS was required"), "the dump holds the attempts, so the search below reads them")
            outputs.append(dump)
            for secret in Self.secrets {
                #expect(!outputs.contains { $0.contains(secret) }, "\(secret) appears in an output or in the database")
            }
            let stored = try Scenario.ownerColumn(
                "SELECT coalesce(reply, '') FROM notification_attempts UNION ALL SELECT coalesce(last_error, '') || coalesce(message, '') FROM notifications", on: database
            )
            #expect(!stored.isEmpty && !stored.contains { text in Self.secrets.contains { text.contains($0) } }, "\(stored)")
        }
    }
}
