import Foundation
import MailMessage
import OrderDomain
import OrderService
import Testing

/// A runner with a backlog to send still prepares the events written meanwhile: it sends for a slice of
/// time, then looks for new events, instead of sending until nothing is due.
@Suite("Notification runner: sending slices")
struct NotificationRunnerSliceTests {
    @Test("events written while a backlog is sent are prepared after a slice, not after the backlog")
    func preparesBetweenSlices() throws {
        let outbox = BacklogOutbox(due: 5)
        // The first message's send is when the writer adds three events.
        let mail = CountingMail { sent in if sent == 1 { outbox.newEvents = 3 } }
        let runner = try Self.runner(outbox: outbox, mail: mail, sliceSeconds: 1)
        try runner.run(once: true, shouldStop: { false }, wait: { _ in Issue.record("a runner with --once waited") })

        // The clock moves 0.4 s a reading: a slice of 1 s holds three messages.
        #expect(outbox.log == ["send 1", "send 2", "send 3", "prepare 3", "send 4", "send 5", "send 6", "send 7", "send 8"])
        #expect(runner.tally.sent == 8 && runner.tally.eventsRead == 3)
    }

    @Test("a slice of no length still sends a message each round, and the run ends when nothing is due")
    func emptySliceStillSends() throws {
        let outbox = BacklogOutbox(due: 3)
        let runner = try Self.runner(outbox: outbox, mail: CountingMail { _ in }, sliceSeconds: 0)
        try runner.run(once: true, shouldStop: { false }, wait: { _ in Issue.record("a runner with --once waited") })
        #expect(outbox.log == ["send 1", "send 2", "send 3"])
        #expect(runner.tally.sent == 3)
    }

    private static func runner(outbox: BacklogOutbox, mail: CountingMail, sliceSeconds: Double) throws -> NotificationRunner {
        let clock = SteppingClock(step: 400_000)
        return NotificationRunner(
            outbox: outbox, mail: mail, preparer: NotificationPreparer(sender: try MailAddress(address: "orders@example.com")),
            policy: RetryPolicy(maximumAttempts: 3), sendingSliceSeconds: sliceSeconds, clock: clock.read, jitter: { 0 }
        )
    }
}

/// A clock that moves `step` microseconds each time it is read.
private final class SteppingClock: @unchecked Sendable {
    private var now: Int64 = 1_800_000_000_000_000
    private let step: Int64
    init(step: Int64) { self.step = step }
    func read() -> Timestamp {
        defer { now += step }
        return Timestamp(microsecondsSinceEpoch: now)
    }
}

/// Accepts every message and tells `onSend` how many it has taken.
private final class CountingMail: MailSending {
    private var sent = 0
    private let onSend: (Int) -> Void
    init(onSend: @escaping (Int) -> Void) { self.onSend = onSend }
    func send(_ message: [UInt8], envelope: MailEnvelope) -> MailSendingOutcome {
        sent += 1
        onSend(sent)
        return .accepted(reply: "250 OK")
    }
}

/// An outbox with `due` notifications to send; `newEvents` written meanwhile each give one more when
/// prepared. `log` is what the runner did, in order.
private final class BacklogOutbox: NotificationOutbox {
    var newEvents = 0
    private(set) var log: [String] = []
    private var due: [ClaimedNotification] = []
    private var made = 0

    init(due: Int) {
        for _ in 0..<due { self.due.append(next()) }
    }

    private func next() -> ClaimedNotification {
        made += 1
        let id = NotificationID(eventID: EventID(UUID()), template: .orderShipped)
        return ClaimedNotification(id: id, attempt: 1, attemptRecord: Int64(made), sender: "orders@example.com", recipient: "someone@example.com", message: "\(made)")
    }

    func prepare(limit: Int, with preparer: NotificationPreparer, now: MailDate) throws -> PreparationOutcome {
        guard newEvents > 0 else { return .caughtUp }
        log.append("prepare \(newEvents)")
        for _ in 0..<newEvents { due.append(next()) }
        defer { newEvents = 0 }
        return .prepared(events: newEvents, pending: newEvents, skipped: 0, unsendable: 0)
    }

    func claimDue(limit: Int, leaseSeconds: Double) throws -> [ClaimedNotification] {
        due.isEmpty ? [] : [due.removeFirst()]
    }

    func record(_ decision: DeliveryDecision, of claim: ClaimedNotification) throws {
        log.append("send \(claim.message)")
    }

    func secondsUntilNextDue() throws -> Double? { nil }
    func status() throws -> NotificationStatus { fatalError("not used by the runner") }
    func list(_ filter: NotificationListFilter) throws -> [NotificationSummary] { [] }
    func detail(of id: NotificationID) throws -> NotificationDetail? { nil }
    func retry(_ selection: RetrySelection) throws -> [NotificationID] { [] }
    func listenForWork() throws {}
    func waitForWork(timeout: Double, orReadable otherDescriptor: Int32) throws {}
}
