import DatabaseTestSupport
import Foundation
import MailMessage
import OrderDomain
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// Builders shared by the outbox tests: customers and orders written through today's handlers, and the
/// outbox's own steps (prepare, claim, record) on a connection.
enum NotificationStoreFixtures {
    typealias Customers = CustomerStoreFixtures

    static let preparer = NotificationPreparer(sender: try! MailAddress(address: "orders@shop.example"))

    /// Now, as the messages' Date.
    static func now() throws -> MailDate {
        try MailDate(secondsSinceEpoch: Int64(Date().timeIntervalSince1970))
    }

    /// A customer registered with `email`.
    static func registeredCustomer(email: String, on connection: DatabaseConnection, sourceLocation: SourceLocation = #_sourceLocation) throws -> CustomerID {
        let customer = CustomerID(UUID())
        let contact = ContactInfo(name: try PersonName("Nora Outbox"), email: try EmailAddress(email))
        #expect(try Customers.handler(on: connection).handle(Customers.register(customer, contact)).acceptedVersion == 1, sourceLocation: sourceLocation)
        return customer
    }

    /// An order of `customer`, placed, given one item and confirmed (version 3), then `more` commands.
    static func confirmedOrder(of customer: CustomerID, then more: [OrderCommand] = [], on connection: DatabaseConnection, sourceLocation: SourceLocation = #_sourceLocation) throws -> OrderID {
        let order = OrderID(UUID())
        let handler = StoreFixtures.handler(on: connection)
        let commands = [StoreFixtures.envelope(.placeOrder(customer: customer, currency: .eur), for: order), StoreFixtures.add(to: order),
                        StoreFixtures.envelope(.confirmOrder, for: order)] + more.map { StoreFixtures.envelope($0, for: order) }
        for (index, command) in commands.enumerated() {
            #expect(try handler.handle(command).acceptedVersion == index + 1, sourceLocation: sourceLocation)
        }
        return order
    }

    /// Waits until no event of the connection's database lies behind a transaction still open anywhere on
    /// the cluster (other tests migrate their databases meanwhile), then prepares until caught up; returns
    /// the batches' outcomes.
    @discardableResult
    static func prepareEverything(on connection: DatabaseConnection, sourceLocation: SourceLocation = #_sourceLocation) throws -> [PreparationOutcome] {
        let deadline = Date().addingTimeInterval(60)
        while try Customers.value("SELECT count(*) FROM events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot())", on: connection) != "0" {
            try #require(Date() < deadline, "events stayed behind an open transaction for 60 s", sourceLocation: sourceLocation)
            usleep(20_000)
        }
        var outcomes: [PreparationOutcome] = []
        while true {
            let outcome = try NotificationPreparation(connection: connection).prepareBatch(limit: 2_000, preparer: preparer, now: try now())
            outcomes.append(outcome)
            if case .prepared = outcome { continue }
            return outcomes
        }
    }

    /// Claims what is due on `connection`, with a lease of `leaseSeconds`.
    static func claim(on connection: DatabaseConnection, leaseSeconds: Double = 150) throws -> [ClaimedNotification] {
        try NotificationDelivery(connection: connection).claimDue(limit: 100, leaseSeconds: leaseSeconds)
    }

    /// Records `decision` for `claim`.
    static func record(_ decision: DeliveryDecision, of claim: ClaimedNotification, on connection: DatabaseConnection) throws {
        try NotificationDelivery(connection: connection).record(decision, of: claim)
    }

    /// Each notification as `template state attempts`, in log order.
    static func states(on connection: DatabaseConnection) throws -> [String] {
        try Customers.rows("SELECT template || ' ' || state || ' ' || attempts FROM notifications ORDER BY global_position, template", columns: 1, on: connection)
            .map { $0[0] ?? "NULL" }
    }

    /// Every column of every notification, as text, in id order: compared whole.
    static func table(on connection: DatabaseConnection) throws -> [String] {
        try Customers.rows("SELECT n::text FROM notifications n ORDER BY notification_id", columns: 1, on: connection).map { $0[0] ?? "NULL" }
    }

    /// The notification of `template` for the stream `stream`.
    static func id(of template: NotificationTemplate, in stream: UUID, on connection: DatabaseConnection, sourceLocation: SourceLocation = #_sourceLocation) throws -> NotificationID {
        let text = try Customers.value(
            "SELECT notification_id::text FROM notifications WHERE template = $1 AND stream_id = $2::uuid", [template.rawValue, stream.uuidString], on: connection
        )
        return try #require(text.flatMap(NotificationID.init), "no \(template.rawValue) for \(stream)", sourceLocation: sourceLocation)
    }

    /// The backend pid of `connection`'s session.
    static func backend(of connection: DatabaseConnection) throws -> String {
        try Customers.value("SELECT pg_backend_pid()::text", on: connection) ?? ""
    }
}
