import MailMessage
import OrderDomain

/// The outbox as the application uses it: preparing notifications from the log, claiming and recording
/// their delivery, and what `notify status`, `list`, `show` and `retry` read and change. Every member
/// throws `StoreFailure` for the store's own failures.
public protocol NotificationOutbox: AnyObject {
    /// Reads at most `limit` settled events past the outbox checkpoint in commit order, records the
    /// notifications they give (rendered by `preparer`, dated `now`) and moves the checkpoint past them,
    /// all in one transaction.
    func prepare(limit: Int, with preparer: NotificationPreparer, now: MailDate) throws -> PreparationOutcome
    /// Claims at most `limit` notifications that are due, whose stream has nothing open before them, and
    /// that no live runner holds, for `leaseSeconds`; each claim counts an attempt. Commits before it returns.
    func claimDue(limit: Int, leaseSeconds: Double) throws -> [ClaimedNotification]
    /// Records how the claimed attempt ended; a notification that changed meanwhile (forgotten, or claimed
    /// again after its lease ran out) keeps its new state, and the attempt its outcome.
    func record(_ decision: DeliveryDecision, of claim: ClaimedNotification) throws
    /// Seconds until the next failed notification falls due, nil when none waits.
    func secondsUntilNextDue() throws -> Double?
    /// The counts, the lag and the ages `notify status` reports.
    func status() throws -> NotificationStatus
    /// The notifications `filter` takes, in log order.
    func list(_ filter: NotificationListFilter) throws -> [NotificationSummary]
    /// One notification with its message and attempts, nil when none has that id.
    func detail(of id: NotificationID) throws -> NotificationDetail?
    /// Puts the selected failed or dead notifications back to pending, due now, with fresh attempts;
    /// returns those it put back.
    func retry(_ selection: RetrySelection) throws -> [NotificationID]
    /// Starts listening for new events and for retried notifications.
    func listenForWork() throws
    /// Waits up to `timeout` seconds for new events or retried notifications, or until `otherDescriptor`
    /// is readable (the stop signal's pipe).
    func waitForWork(timeout: Double, orReadable otherDescriptor: Int32) throws
}
