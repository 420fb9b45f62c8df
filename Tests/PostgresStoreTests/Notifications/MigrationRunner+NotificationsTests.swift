import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// Migration 007 on a store that already holds customers and orders: their history counts as notified, and
/// only what comes after the migration is mailed.
@Suite("Notification migrations on an existing store")
struct MigrationRunnerNotificationsTests {
    typealias Fixtures = NotificationStoreFixtures
    typealias Customers = CustomerStoreFixtures

    @Test("history written before 007 gives no notification: the checkpoint starts at the last event in commit order, lag 0; events after the migration notify; forget_customer, replaced, still forgets an older customer")
    func historyBeforeNotifications() throws {
        try TestDatabase.with(migrated: false) { database in
            let owner = try database.connectAsOwner()
            let all = try Migration.load(from: MigrationRunnerCustomersTests.sqlFolder)
            let before007 = all.filter { $0.name < "007" }
            #expect(before007.map(\.name).last == "006_customers.sql")
            _ = try MigrationRunner(connection: owner).migrate(before007)
            _ = try RuntimeRole.acting(on: owner) { try ProjectionRebuilder(connection: owner).buildMissingReadModels() }

            // History as orderctl before notifications wrote it (the append path has not changed since).
            let runtime = try ConnectionTarget(databaseURL: Customers.runtimeURL(of: database)).connect()
            let customer = try Fixtures.registeredCustomer(email: "veteran@example.com", on: runtime)
            let shipped = try Fixtures.confirmedOrder(of: customer, then: [.shipOrder(trackingNumber: "OLD-1")], on: runtime)
            _ = try Fixtures.confirmedOrder(of: customer, then: [.cancelOrder(reason: "long ago")], on: runtime)
            _ = try Fixtures.confirmedOrder(of: CustomerID(UUID()), on: runtime)
            #expect(try Customers.value("SELECT count(*) FROM information_schema.tables WHERE table_name = 'notifications'", on: owner) == "0")

            let report = try MigrationRunner(connection: owner).migrate(all)
            #expect(report.applied == all.filter { $0.name >= "007" }.map(\.name))
            try SchemaRequirement.check(runtime)
            let checkpoint = try Customers.rows("SELECT checkpoint_transaction_id::text, checkpoint_position::text FROM notification_outbox", columns: 2, on: owner)
            let last = try Customers.rows(
                "SELECT transaction_id::text, global_position::text FROM events ORDER BY transaction_id DESC, global_position DESC LIMIT 1", columns: 2, on: owner
            )
            #expect(checkpoint == last, "the outbox starts after the last event in commit order")
            let status = try NotificationQueries(connection: runtime).status()
            #expect(status.lag == 0 && status.counts.values.allSatisfy { $0 == 0 }, "\(status)")
            #expect(try Fixtures.prepareEverything(on: runtime) == [.caughtUp], "nothing of the history is prepared")
            #expect(try Fixtures.states(on: runtime).isEmpty)

            // What happens after the migration notifies, as the runtime role.
            let newcomer = try Fixtures.registeredCustomer(email: "newcomer@example.com", on: runtime)
            let handler = StoreFixtures.handler(on: runtime)
            #expect(try handler.handle(StoreFixtures.envelope(.deliverOrder, for: shipped)).acceptedVersion == 5)
            let outcomes = try Fixtures.prepareEverything(on: runtime)
            #expect(outcomes.first == .prepared(events: 2, pending: 1, skipped: 0, unsendable: 0), "\(outcomes)")
            #expect(try Fixtures.states(on: runtime) == ["welcome pending 0"])
            #expect(try Customers.value("SELECT stream_id::text FROM notifications", on: runtime) == newcomer.description, "the newcomer's welcome")

            #expect(try PostgresCustomerEventStore(connection: runtime).forget(customer) == .forgotten)
            #expect(try Customers.contactsRow(of: customer, on: runtime)?.prefix(5) == [nil, nil, nil, nil, "true"])
        }
    }

    @Test("a forget erases the lastError of the customer's notifications: a server's refusal may repeat the address")
    func lastErrorOfTheForgotten() throws {
        try TestDatabase.with { database in
            let owner = try database.connectAsOwner()
            let runtime = try ConnectionTarget(databaseURL: Customers.runtimeURL(of: database)).connect()
            let email = "refused-then-forgotten@example.com"
            let customer = try Fixtures.registeredCustomer(email: email, on: runtime)
            try Fixtures.prepareEverything(on: runtime)
            let claim = try #require(try Fixtures.claim(on: runtime).first)
            try Fixtures.record(.dead(error: "the server answered 550: 5.1.1 <\(email)>: no such user"), of: claim, on: runtime)
            let lastError = "SELECT coalesce(last_error, 'NULL') FROM notifications"
            #expect(try Customers.value(lastError, on: owner)?.contains(email) == true, "the refusal was not recorded, so the test shows nothing")
            #expect(try PostgresCustomerEventStore(connection: runtime).forget(customer) == .forgotten)
            #expect(try Customers.value(lastError, on: owner) == "NULL")
        }
    }
}
