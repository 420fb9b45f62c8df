import MailMessage
import OrderService
import PostgresClient

/// The outbox port on the notification tables; every member translates PostgreSQL's failures.
final class PostgresNotificationOutbox: NotificationOutbox {
    private let connection: DatabaseConnection

    init(connection: DatabaseConnection) {
        self.connection = connection
    }

    func prepare(limit: Int, with preparer: NotificationPreparer, now: MailDate) throws -> PreparationOutcome {
        try translatingFailures { try NotificationPreparation(connection: connection).prepareBatch(limit: limit, preparer: preparer, now: now) }
    }

    func claimDue(limit: Int, leaseSeconds: Double) throws -> [ClaimedNotification] {
        try translatingFailures { try NotificationDelivery(connection: connection).claimDue(limit: limit, leaseSeconds: leaseSeconds) }
    }

    func record(_ decision: DeliveryDecision, of claim: ClaimedNotification) throws {
        try translatingFailures { try NotificationDelivery(connection: connection).record(decision, of: claim) }
    }

    func secondsUntilNextDue() throws -> Double? {
        try translatingFailures { try NotificationDelivery(connection: connection).secondsUntilNextDue() }
    }

    func status() throws -> NotificationStatus {
        try translatingFailures { try NotificationQueries(connection: connection).status() }
    }

    func list(_ filter: NotificationListFilter) throws -> [NotificationSummary] {
        try translatingFailures { try NotificationQueries(connection: connection).list(filter) }
    }

    func detail(of id: NotificationID) throws -> NotificationDetail? {
        try translatingFailures { try NotificationQueries(connection: connection).detail(of: id) }
    }

    func retry(_ selection: RetrySelection) throws -> [NotificationID] {
        try translatingFailures { try NotificationQueries(connection: connection).retry(selection) }
    }

    func listenForWork() throws {
        try translatingFailures {
            try connection.listen(to: ProjectionNotifications.channel)
            try connection.listen(to: NotificationChannel.name)
        }
    }

    func waitForWork(timeout: Double, orReadable otherDescriptor: Int32) throws {
        _ = try translatingFailures { try connection.waitForNotification(timeout: timeout, orReadable: otherDescriptor) }
    }
}
