import MailMessage
import OrderDomain

/// One runner of `notify run`: prepares the notifications of new events, then sends those due, one
/// claimed message at a time, with no transaction open while it talks to the mail server.
///
/// Any number of runners may work at once on the same outbox: preparation is one runner at a time (the
/// others find it busy and go on sending), and a claim is exclusive until its lease ends or its runner's
/// session is gone.
public final class NotificationRunner {
    /// How long a claim lasts: longer than the longest send (connect plus transfer timeouts), so a live
    /// runner's claim never runs out under it; a dead runner's is freed as soon as its session closes.
    public let leaseSeconds: Double
    /// Events per preparation transaction.
    public let preparationBatch: Int
    /// How long a runner sends before it looks for new events again. Sending is far slower than writing
    /// (one connection and two commits a message), so a runner that sent until nothing was due left every
    /// event written meanwhile unprepared for as long as its backlog lasted.
    public let sendingSliceSeconds: Double

    /// The outbox it works on; `use(_:)` swaps it after a reconnect.
    public private(set) var outbox: any NotificationOutbox
    private let mail: any MailSending
    private let preparer: NotificationPreparer
    private let policy: RetryPolicy
    private let clock: () -> Timestamp
    private let jitter: () -> Double
    private(set) public var tally = DeliveryTally()
    private var failing: Set<NotificationID> = []
    /// An outcome whose recording was cut off with the session: recorded first on the next one, so a message
    /// the server accepted is not sent again merely because the database went away for a moment.
    private var unrecorded: (decision: DeliveryDecision, claim: ClaimedNotification)?

    /// A runner over `outbox`, sending through `mail`.
    public init(
        outbox: any NotificationOutbox, mail: any MailSending, preparer: NotificationPreparer, policy: RetryPolicy,
        leaseSeconds: Double = 150, preparationBatch: Int = 2_000, sendingSliceSeconds: Double = 1, clock: @escaping () -> Timestamp,
        jitter: @escaping () -> Double
    ) {
        self.outbox = outbox
        self.mail = mail
        self.preparer = preparer
        self.policy = policy
        self.leaseSeconds = leaseSeconds
        self.preparationBatch = preparationBatch
        self.sendingSliceSeconds = sendingSliceSeconds
        self.clock = clock
        self.jitter = jitter
    }

    /// Works on `outbox` from now on (a session opened again after the old one was lost); everything
    /// resumes from what the outbox recorded.
    public func use(_ outbox: any NotificationOutbox) {
        self.outbox = outbox
    }

    /// Runs until `shouldStop` says so, or, with `once`, until nothing is due now. `wait` is called when
    /// there is nothing to do, with the longest it may sleep; `progress` after every step.
    public func run(once: Bool, shouldStop: () -> Bool, wait: (Double) throws -> Void, progress: (DeliveryTally) -> Void = { _ in }) throws {
        if let (decision, claim) = unrecorded {
            try settle(claim, decision, progress: progress)
        }
        while !shouldStop() {
            let preparation = try prepareAvailable(shouldStop: shouldStop, progress: progress)
            let sentSomething = try sendDue(shouldStop: shouldStop, progress: progress)
            if preparation == .preparedSome || sentSomething { continue }
            // Another runner is preparing (or a deadlock with a writer rolled the batch back): what it
            // prepares may be due soon, so even --once looks again shortly rather than stopping.
            if preparation == .busy {
                try wait(0.25)
                continue
            }
            if once { return }
            // Appends and retries wake the wait; the poll catches what ends without a notification (an
            // open transaction that held events back) and failed notifications falling due.
            let nextDue = try outbox.secondsUntilNextDue()
            try wait(min(1, max(0.25, nextDue ?? 1)))
        }
    }

    private enum PreparationProgress {
        case preparedSome
        case caughtUp
        case busy
    }

    /// Prepares batch after batch until nothing settled is left or another runner is preparing.
    private func prepareAvailable(shouldStop: () -> Bool, progress: (DeliveryTally) -> Void) throws -> PreparationProgress {
        var any = false
        while !shouldStop() {
            let outcome = try outbox.prepare(limit: preparationBatch, with: preparer, now: try mailDate())
            guard case let .prepared(events, pending, skipped, unsendable) = outcome else {
                return any ? .preparedSome : outcome == .busy ? .busy : .caughtUp
            }
            tally.eventsRead += events
            tally.prepared += pending
            tally.skipped += skipped
            tally.dead += unsendable
            any = true
            progress(tally)
        }
        return any ? .preparedSome : .caughtUp
    }

    /// Claims and sends due notifications one at a time until none is due or the sending slice is over,
    /// finishing the message in flight when asked to stop.
    private func sendDue(shouldStop: () -> Bool, progress: (DeliveryTally) -> Void) throws -> Bool {
        var any = false
        let sliceEnds = clock().microsecondsSinceEpoch + Int64(sendingSliceSeconds * 1_000_000)
        // At least one message a slice, however short the slice.
        while !shouldStop() && !(any && clock().microsecondsSinceEpoch >= sliceEnds) {
            guard let claim = try outbox.claimDue(limit: 1, leaseSeconds: leaseSeconds).first else { break }
            any = true
            let envelope: MailEnvelope
            do {
                envelope = try MailEnvelope(sender: claim.sender, recipients: [claim.recipient])
            } catch {
                try settle(claim, .dead(error: error.description), progress: progress)
                continue
            }
            let outcome = mail.send(Array(claim.message.utf8), envelope: envelope)
            try settle(claim, policy.decision(after: outcome, attempt: claim.attempt, jitter: jitter()), progress: progress)
        }
        return any
    }

    private func settle(_ claim: ClaimedNotification, _ decision: DeliveryDecision, progress: (DeliveryTally) -> Void) throws {
        do {
            try outbox.record(decision, of: claim)
            unrecorded = nil
        } catch let failure as StoreFailure where failure.mayPassAfterReconnecting {
            // The claim stays this attempt's until another runner takes it over; recording it on the next
            // session succeeds unless that happened (then the other runner's attempt decides). Should this
            // recording have committed after all, doing it again is harmless: the attempt gets the same
            // outcome, and the notification, no longer open, is left as it is.
            unrecorded = (decision, claim)
            throw failure
        }
        switch decision {
        case .sent: tally.sent += 1
        case .retry: tally.failedAttempts += 1
        case .dead: tally.dead += 1
        }
        // A notification that failed and then went out in the same run counts as sent, not failed.
        if case .retry = decision { failing.insert(claim.id) } else { failing.remove(claim.id) }
        tally.failed = failing.count
        progress(tally)
    }

    private func mailDate() throws -> MailDate {
        try MailDate(secondsSinceEpoch: clock().microsecondsSinceEpoch / 1_000_000)
    }
}
