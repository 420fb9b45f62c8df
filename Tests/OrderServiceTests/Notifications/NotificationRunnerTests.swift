import Foundation
import MailMessage
import OrderDomain
import OrderService
import Testing

@Suite("Notification runner")
struct NotificationRunnerTests {
    static func claim(_ recipient: String, attempt: Int = 1) -> ClaimedNotification {
        ClaimedNotification(
            id: NotificationID(eventID: EventID(UUID()), template: .welcome), attempt: attempt, attemptRecord: Int64.random(in: 1...1_000_000),
            sender: "orders@shop.example", recipient: recipient, message: "Subject: hello\r\n\r\nbody\r\n"
        )
    }

    static func runner(_ outbox: ScriptedOutbox, _ mail: ScriptedMailServer, attempts: Int = 3) -> NotificationRunner {
        NotificationRunner(
            outbox: outbox, mail: mail, preparer: NotificationPreparer(sender: try! MailAddress(address: "orders@shop.example")),
            policy: RetryPolicy(maximumAttempts: attempts), clock: { Timestamp(microsecondsSinceEpoch: 1_796_216_400_000_000) }, jitter: { 0.5 }
        )
    }

    @Test("with --once it sends everything due, each once, and stops when nothing is due")
    func sendsEachOnce() throws {
        let claims = ["a@example.com", "b@example.com", "c@example.com"].map { Self.claim($0) }
        let outbox = ScriptedOutbox(due: claims, preparations: [.prepared(events: 10, pending: 3, skipped: 2, unsendable: 0)])
        let mail = ScriptedMailServer()
        let runner = Self.runner(outbox, mail)
        try runner.run(once: true, shouldStop: { false }, wait: { _ in Issue.record("--once waited") })
        #expect(mail.handed.map(\.recipient) == ["a@example.com", "b@example.com", "c@example.com"])
        #expect(outbox.recorded.map(\.0) == claims.map(\.id))
        #expect(runner.tally.sent == 3 && runner.tally.skipped == 2 && runner.tally.eventsRead == 10 && runner.tally.allDelivered)
    }

    @Test("a notification that failed for now and then went out counts as sent, not failed; one refused for good is dead")
    func failedThenSent() throws {
        let mail = ScriptedMailServer(script: [
            "flaky@example.com": [.temporaryFailure(reason: "451 try later")], "refused@example.com": [.permanentFailure(reason: "554 no such user")],
        ])
        let outbox = ScriptedOutbox(due: [Self.claim("flaky@example.com"), Self.claim("refused@example.com")])
        let runner = Self.runner(outbox, mail)
        try runner.run(once: true, shouldStop: { false }, wait: { _ in })
        #expect(outbox.recorded.map(\.1.state) == [.failed, .dead, .sent])
        #expect(runner.tally.failed == 0 && runner.tally.failedAttempts == 1 && runner.tally.dead == 1 && runner.tally.sent == 1)
        #expect(!runner.tally.allDelivered)
    }

    @Test("a notification still failing when the run ends makes the run not all delivered")
    func stillFailing() throws {
        let mail = ScriptedMailServer(script: ["down@example.com": Array(repeating: .temporaryFailure(reason: "connection refused"), count: 10)])
        let outbox = ScriptedOutbox(due: [Self.claim("down@example.com")])
        let runner = Self.runner(outbox, mail, attempts: 3)
        try runner.run(once: true, shouldStop: { false }, wait: { _ in })
        // Three attempts: two retries, then dead on the last.
        #expect(outbox.recorded.map(\.1.state) == [.failed, .failed, .dead])
        #expect(runner.tally.dead == 1 && runner.tally.failed == 0)
    }

    @Test("asked to stop, it finishes the message in flight and claims no other")
    func stopsAfterTheMessageInFlight() throws {
        let outbox = ScriptedOutbox(due: [Self.claim("a@example.com"), Self.claim("b@example.com")])
        let mail = ScriptedMailServer()
        let runner = Self.runner(outbox, mail)
        // The stop arrives while the first message travels.
        try runner.run(once: false, shouldStop: { mail.handed.count >= 1 }, wait: { _ in })
        #expect(mail.handed.count == 1)
        #expect(outbox.recorded.count == 1, "the message in flight was not recorded before stopping")
        #expect(outbox.due.count == 1)
    }

    @Test("an outcome whose recording was cut off is recorded first on the next session, not sent again")
    func recordsAfterReconnect() throws {
        let first = Self.claim("a@example.com")
        let outbox = ScriptedOutbox(due: [first])
        outbox.loseConnectionOnNextRecord = true
        let mail = ScriptedMailServer()
        let runner = Self.runner(outbox, mail)
        #expect(throws: StoreFailure.self) { try runner.run(once: true, shouldStop: { false }, wait: { _ in }) }
        let reconnected = ScriptedOutbox(due: [])
        runner.use(reconnected)
        try runner.run(once: true, shouldStop: { false }, wait: { _ in })
        #expect(mail.handed.count == 1, "the accepted message was sent again")
        #expect(reconnected.recorded.map(\.0) == [first.id])
        #expect(runner.tally.sent == 1)
    }

    @Test("an envelope address a command could have smuggled a line break into goes dead without reaching the server")
    func unusableEnvelope() throws {
        let outbox = ScriptedOutbox(due: [Self.claim("victim@example.com\r\nRCPT TO:<other@example.com>")])
        let mail = ScriptedMailServer()
        let runner = Self.runner(outbox, mail)
        try runner.run(once: true, shouldStop: { false }, wait: { _ in })
        #expect(mail.handed.isEmpty)
        #expect(outbox.recorded.map(\.1.state) == [.dead])
    }

    @Test("with --once, another runner's preparation in progress is waited for, not taken for an empty log")
    func busyIsNotDone() throws {
        let outbox = ScriptedOutbox(due: [], preparations: [.busy, .prepared(events: 4, pending: 0, skipped: 1, unsendable: 0)])
        var waits: [Double] = []
        let runner = Self.runner(outbox, ScriptedMailServer())
        try runner.run(once: true, shouldStop: { false }, wait: { waits.append($0) })
        #expect(waits == [0.25])
        #expect(runner.tally.eventsRead == 4 && runner.tally.skipped == 1)
    }
}
