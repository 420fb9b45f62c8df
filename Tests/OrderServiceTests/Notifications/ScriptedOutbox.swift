import MailMessage
import OrderService

/// An outbox twin for the runner's unit tests: a queue of claims in memory, what was recorded, and a
/// switch that makes the next recording fail as a lost connection would.
final class ScriptedOutbox: NotificationOutbox {
    /// Claims still due, handed out in order.
    var due: [ClaimedNotification]
    /// Preparation batches still to report, then `.caughtUp`.
    var preparations: [PreparationOutcome]
    /// Every recording, in order.
    private(set) var recorded: [(NotificationID, DeliveryDecision)] = []
    /// When set, the next `record` throws a lost connection instead of recording.
    var loseConnectionOnNextRecord = false

    init(due: [ClaimedNotification], preparations: [PreparationOutcome] = []) {
        self.due = due
        self.preparations = preparations
    }

    func prepare(limit: Int, with preparer: NotificationPreparer, now: MailDate) throws -> PreparationOutcome {
        preparations.isEmpty ? .caughtUp : preparations.removeFirst()
    }

    func claimDue(limit: Int, leaseSeconds: Double) throws -> [ClaimedNotification] {
        Array(due.prefix(limit)).map { _ in due.removeFirst() }
    }

    func record(_ decision: DeliveryDecision, of claim: ClaimedNotification) throws {
        if loseConnectionOnNextRecord {
            loseConnectionOnNextRecord = false
            throw StoreFailure(.connectionLost, "recording: server closed the connection")
        }
        recorded.append((claim.id, decision))
        if case .retry = decision {
            // Due again at once, as the next attempt of the same notification.
            due.append(ClaimedNotification(
                id: claim.id, attempt: claim.attempt + 1, attemptRecord: claim.attemptRecord + 1_000, sender: claim.sender, recipient: claim.recipient,
                message: claim.message
            ))
        }
    }

    func secondsUntilNextDue() throws -> Double? { due.isEmpty ? nil : 0 }
    func status() throws -> NotificationStatus { NotificationStatus(counts: [:], lag: 0, heldBack: 0, oldestUnsentSeconds: nil, lastSentAt: nil) }
    func list(_ filter: NotificationListFilter) throws -> [NotificationSummary] { [] }
    func detail(of id: NotificationID) throws -> NotificationDetail? { nil }
    func retry(_ selection: RetrySelection) throws -> [NotificationID] { [] }
    func listenForWork() throws {}
    func waitForWork(timeout: Double, orReadable otherDescriptor: Int32) throws {}
}
