import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import Testing

/// Failures and what comes of them: a permanent refusal is dead at once, a temporary one is retried until
/// the last attempt; dead notifications stay until `notify retry` puts them back.
@Suite("Notification failures and retries")
struct NotificationRetryTests {
    typealias Scenario = NotificationScenario
    typealias Commands = CommandLines

    @Test("a 5xx refusal (fail554-) is dead after one attempt; notify status counts it and exits 1; notify show lists the attempt with its outcome and reply; notify retry ID puts it back, due now, and it dies again; a sent or unknown id is not retried (exit 1)")
    func permanentRefusal() throws {
        let server = try TestSMTPServer.running()
        try TestDatabase.with { database in
            let (refused, accepted) = (Scenario.newID(), Scenario.newID())
            try Scenario.submit(
                [Commands.register(refused, name: "Rudi Refused", email: Scenario.address("fail554-rudi")),
                 Commands.register(accepted, name: "Anke Accepted", email: Scenario.address("anke"))],
                to: database
            )
            let outcome = try Scenario.run(database, smtpURL: server.url)
            #expect(outcome.status == 1, "a notification died: \(outcome.standardError)")
            #expect(NotifyRunSummary(standardError: outcome.standardError) == NotifyRunSummary(sent: 1, dead: 1, eventsRead: 2), "\(outcome.standardError)")
            let dead = try #require(try Scenario.list(database, ["--customer", refused]).first)
            let sent = try #require(try Scenario.list(database, ["--customer", accepted]).first)
            #expect(dead.state == "dead" && dead.attempts == 1 && dead.nextAttemptAt == nil && dead.sentAt == nil, "\(dead)")
            #expect(dead.lastError?.contains("554") == true, "lastError says what the server answered: \(String(describing: dead.lastError))")

            let status = try Scenario.status(database)
            #expect(status.exitStatus == 1, "notify status exits 1 while a notification is dead")
            #expect(Scenario.counts(status.report) == ["pending": 0, "sent": 1, "failed": 0, "dead": 1, "skipped": 0])
            let shown = try Scenario.show(dead.id, on: database)
            #expect(try ListedNotification(shown) == dead, "show has every field of the list line")
            #expect(shown["message"]?.stringValue?.contains("Message-ID: \(dead.messageID)\r\n") == true, "show has the whole message")
            let attempts = try Scenario.attempts(in: shown)
            try #require(attempts.count == 1)
            #expect(attempts[0].keys == ["attempt", "startedAt", "finishedAt", "outcome", "reply"])
            #expect(attempts[0]["attempt"] == .integer(1) && attempts[0]["outcome"] == "permanent_failure")
            #expect(attempts[0]["reply"]?.stringValue?.contains("554") == true, "the reply is the server's: \(attempts[0])")
            let (startedAt, finishedAt) = (try NotificationOrderingTests.time(attempts[0]["startedAt"]), try NotificationOrderingTests.time(attempts[0]["finishedAt"]))
            #expect(startedAt <= finishedAt)
            let text = try OrderctlProcess.run(["notify", "show", dead.id, "--format", "text", "--database-url", database.url])
            #expect(text.status == 0 && text.standardOutput.contains("permanent_failure") && text.standardOutput.contains("554"), "\(text.standardOutput)")

            let beforeRetry = Scenario.now()
            let retried = try OrderctlProcess.run(["notify", "retry", dead.id, "--database-url", database.url])
            #expect(retried.status == 0 && retried.outputLines == [#"{"retried":1,"ids":["\#(dead.id)"]}"#], "\(retried.standardOutput)\(retried.standardError)")
            let pending = try #require(try Scenario.list(database, ["--customer", refused]).first)
            #expect(pending.state == "pending" && pending.attempts == 0, "back to pending with fresh attempts: \(pending)")
            let due = try #require(pending.nextAttemptAt)
            #expect(due >= beforeRetry && due <= Scenario.now(), "due now")
            #expect(try Scenario.status(database).exitStatus == 0, "nothing is dead any more")

            // The server refuses it again: dead again, the history keeps both rounds.
            let again = try Scenario.run(database, smtpURL: server.url)
            #expect(again.status == 1, "\(again.standardError)")
            let deadAgain = try #require(try Scenario.list(database, ["--customer", refused]).first)
            #expect(deadAgain.state == "dead" && deadAgain.attempts == 1)
            let history = try Scenario.attempts(in: Scenario.show(dead.id, on: database))
            #expect(history.map { $0["attempt"] } == [.integer(1), .integer(1)] && history.map { $0["outcome"] } == ["permanent_failure", "permanent_failure"])

            // Only failed or dead notifications are retried.
            let unknown = Scenario.newID()
            let refusedRetry = try OrderctlProcess.run(["notify", "retry", sent.id, unknown, "--database-url", database.url])
            #expect(refusedRetry.status == 1, "\(refusedRetry.standardError)")
            let answer = try #require(try JSONParser.parse(refusedRetry.standardOutput).objectValue)
            #expect(answer["retried"] == .integer(0))
            #expect(answer["notRetried"] == .array([
                ["id": .string(sent.id), "reason": "it is sent"], ["id": .string(unknown), "reason": "no notification has this id"],
            ]), "\(refusedRetry.standardOutput)")
            #expect(try Scenario.list(database, ["--customer", accepted]) == [sent], "the sent notification is as it was")
            for usage in [[], ["--dead", "--failed"], ["--dead", sent.id], ["not-a-uuid"]] {
                let wrong = try OrderctlProcess.run(["notify", "retry"] + usage + ["--database-url", database.url])
                #expect(wrong.status == 2, "notify retry \(usage): \(wrong.standardError)")
            }
            let missing = try OrderctlProcess.run(["notify", "show", unknown, "--database-url", database.url])
            #expect(missing.status == 1 && missing.standardError.contains("no notification has id \(unknown)"), "\(missing.standardError)")
        }
    }

    @Test("notify retry --failed puts back exactly the failed ones (451, a dropped connection), --dead exactly the dead ones (554); the sent stay sent")
    func retryByState() throws {
        let server = try TestSMTPServer.running()
        try TestDatabase.with { database in
            let addresses = ["fail554-dora", "fail554-dirk", "fail451-fiona", "drop-fritz", "sam"].map(Scenario.address)
            let customers = addresses.map { (id: Scenario.newID(), email: $0) }
            try Scenario.submit(customers.map { Commands.register($0.id, name: "Customer", email: $0.email) }, to: database)
            let outcome = try Scenario.run(database, smtpURL: server.url)
            #expect(outcome.status == 1, "\(outcome.standardError)")
            #expect(NotifyRunSummary(standardError: outcome.standardError) == NotifyRunSummary(sent: 1, failed: 2, dead: 2, eventsRead: 5), "\(outcome.standardError)")
            let list = try Scenario.list(database)
            let byAddress = Dictionary(uniqueKeysWithValues: list.map { ($0.recipient ?? "", $0) })
            #expect(customers.map { byAddress[$0.email]?.state } == ["dead", "dead", "failed", "failed", "sent"], "\(list)")
            let dropped = try #require(byAddress[addresses[3]])
            #expect(dropped.lastError?.isEmpty == false && dropped.nextAttemptAt != nil, "a lost connection is a temporary failure with a reason: \(dropped)")

            let failedIDs = Set(list.filter { $0.state == "failed" }.map(\.id))
            let deadIDs = Set(list.filter { $0.state == "dead" }.map(\.id))
            let retriedFailed = try Self.retried(["--failed"], on: database)
            #expect(retriedFailed == failedIDs)
            #expect(Set(try Scenario.list(database, ["--state", "dead"]).map(\.id)) == deadIDs, "--failed leaves the dead alone")
            let retriedDead = try Self.retried(["--dead"], on: database)
            #expect(retriedDead == deadIDs)
            let after = try Scenario.list(database)
            #expect(Set(after.filter { $0.state == "pending" }.map(\.id)) == failedIDs.union(deadIDs))
            #expect(after.filter { $0.state == "pending" }.allSatisfy { $0.attempts == 0 })
            #expect(after.filter { $0.state == "sent" }.map(\.recipient) == [addresses[4]])
            #expect(try Self.retried(["--dead"], on: database) == [], "nothing dead is left to retry")
        }
    }

    @Test("a 4xx is retried once its backoff (0.5–1 s) has passed: sent on the second attempt when the server then takes it (flaky1-), dead after the last of --max-attempts 2 when it keeps refusing (fail451-), both attempts recorded; --max-attempts 1 gives up on the first")
    func retriedAfterBackoff() throws {
        let server = try TestSMTPServer.running()
        let started = Date()
        try TestDatabase.with { database in
            let (flaky, refusing, once) = (Scenario.newID(), Scenario.newID(), Scenario.newID())
            let flakyAddress = Scenario.address("flaky1-fred")
            try Scenario.submit([Commands.register(flaky, name: "Fred Flaky", email: flakyAddress),
                                 Commands.register(refusing, name: "Tom Temporary", email: Scenario.address("fail451-tom"))], to: database)
            let first = try Scenario.run(database, smtpURL: server.url, ["--max-attempts", "2"])
            #expect(first.status == 1, "\(first.standardError)")
            #expect(NotifyRunSummary(standardError: first.standardError) == NotifyRunSummary(failed: 2, eventsRead: 2), "\(first.standardError)")
            let failed = try Scenario.list(database)
            for row in failed {
                #expect(row.state == "failed" && row.attempts == 1 && row.lastError?.contains("451") == true && row.sentAt == nil, "\(row)")
            }
            let waiting = try Scenario.status(database)
            #expect(waiting.exitStatus == 0, "failed for now is nobody's job yet")
            #expect(Scenario.counts(waiting.report)["failed"] == 2 && waiting.report["lastSentAt"] == .null)
            let oldest = try #require(waiting.report["oldestUnsentSeconds"]?.numberText.flatMap(Double.init), "\(waiting.report)")
            #expect(oldest >= 0 && oldest < 60, "the failed ones wait since they were prepared: \(oldest) s")

            Scenario.sleep(until: try #require(failed.compactMap(\.nextAttemptAt).max()))
            let second = try Scenario.run(database, smtpURL: server.url, ["--max-attempts", "2"])
            #expect(second.status == 1, "one died: \(second.standardError)")
            #expect(NotifyRunSummary(standardError: second.standardError) == NotifyRunSummary(sent: 1, dead: 1, eventsRead: 0), "\(second.standardError)")

            let sent = try #require(try Scenario.list(database, ["--customer", flaky]).first)
            #expect(sent.state == "sent" && sent.attempts == 2 && sent.lastError == nil && sent.nextAttemptAt == nil, "\(sent)")
            let sentHistory = try Scenario.attempts(in: Scenario.show(sent.id, on: database))
            #expect(sentHistory.map { $0["outcome"] } == ["temporary_failure", "sent"])
            let due = try #require(failed.first { $0.id == sent.id }?.nextAttemptAt)
            #expect(try NotificationOrderingTests.time(sentHistory.last?["startedAt"]) >= due, "not tried before it was due")
            let mail = try server.maildir.message(withMessageID: sent.messageID, since: started)
            try NotificationMessageChecks.expectWellFormed(mail, of: sent, to: "Fred Flaky", at: flakyAddress, preparedAfter: started)

            let dead = try #require(try Scenario.list(database, ["--customer", refusing]).first)
            #expect(dead.state == "dead" && dead.attempts == 2 && dead.nextAttemptAt == nil, "\(dead)")
            #expect(dead.lastError?.contains("451") == true && dead.lastError?.contains("attempt 2 of 2") == true, "\(String(describing: dead.lastError))")
            let deadHistory = try Scenario.attempts(in: Scenario.show(dead.id, on: database))
            #expect(deadHistory.map { $0["attempt"] } == [.integer(1), .integer(2)])
            #expect(deadHistory.map { $0["outcome"] } == ["temporary_failure", "permanent_failure"], "the last attempt is recorded as giving up")
            #expect(deadHistory.allSatisfy { $0["reply"]?.stringValue?.contains("451") == true })
            #expect(try Scenario.status(database).exitStatus == 1)

            try Scenario.submit([Commands.register(once, name: "Olga Once", email: Scenario.address("drop-olga"))], to: database)
            let single = try Scenario.run(database, smtpURL: server.url, ["--max-attempts", "1"])
            #expect(single.status == 1, "\(single.standardError)")
            let givenUp = try #require(try Scenario.list(database, ["--customer", once]).first)
            #expect(givenUp.state == "dead" && givenUp.attempts == 1 && givenUp.lastError?.contains("attempt 1 of 1") == true, "\(givenUp)")
        }
    }

    /// The ids `notify retry ARGUMENTS` says it put back; records an issue unless it exits 0.
    static func retried(_ arguments: [String], on database: TestDatabase, sourceLocation: SourceLocation = #_sourceLocation) throws -> Set<String> {
        let outcome = try OrderctlProcess.run(["notify", "retry"] + arguments + ["--database-url", database.url])
        #expect(outcome.status == 0, "notify retry \(arguments): \(outcome.standardError)", sourceLocation: sourceLocation)
        let answer = try #require(try JSONParser.parse(outcome.standardOutput).objectValue, sourceLocation: sourceLocation)
        let ids = Set(answer["ids"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(answer["retried"] == .integer(ids.count), sourceLocation: sourceLocation)
        return ids
    }
}
