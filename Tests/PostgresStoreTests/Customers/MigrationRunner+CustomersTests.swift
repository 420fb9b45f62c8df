import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// Migration 006 on a store that already holds orders: they keep reading, verifying and taking commands.
@Suite("Migration 006 on an existing store", .serialized)
struct MigrationRunnerCustomersTests {
    typealias Fixtures = CustomerStoreFixtures

    static let sqlFolder = TestDatabase.repositoryRoot.appendingPathComponent("sql")

    /// What must not change about existing orders across the migration.
    private static func ordersAsStored(_ orders: [OrderID], on connection: DatabaseConnection) throws -> [[String?]] {
        try orders.flatMap { try Fixtures.storedEvents(of: $0.uuid, on: connection) }
            + Fixtures.rows("SELECT stream_id::text, version::text FROM streams ORDER BY stream_id", columns: 2, on: connection)
            + Fixtures.rows(
                "SELECT command_id::text, stream_id::text, encode(fingerprint, 'hex'), result_version::text FROM commands ORDER BY command_id",
                columns: 4, on: connection
            )
    }

    private static func audit(_ connection: DatabaseConnection) throws -> (ChainAuditReport, [ChainBreak]) {
        var breaks: [ChainBreak] = []
        let report = try ChainAuditor(connection: connection).verify { breaks.append($0) }
        return (report, breaks)
    }

    @Test("orders written before 006 keep their events, views and chain, and go on taking commands as the runtime role")
    func ordersBeforeCustomers() throws {
        try TestDatabase.with(migrated: false) { database in
            let owner = try database.connectAsOwner()
            let all = try Migration.load(from: Self.sqlFolder)
            let before006 = all.filter { $0.name < "006" }
            #expect(before006.map(\.name).last == "005_stream_snapshots.sql")
            #expect(all.map(\.name).last == "006_customers.sql")
            _ = try MigrationRunner(connection: owner).migrate(before006)
            _ = try RuntimeRole.acting(on: owner) { try ProjectionRebuilder(connection: owner).buildMissingReadModels() }
            #expect(try Fixtures.value(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'streams' AND column_name IN ('kind', 'forgotten')", on: owner
            ) == "0", "the store is not as it was before 006")

            // Orders written as orderctl wrote them then: as the runtime role, alone and in a batch.
            let runtime = try ConnectionTarget(databaseURL: Fixtures.runtimeURL(of: database)).connect()
            #expect(try Fixtures.value("SELECT current_user", on: runtime) == RuntimeRole.name)
            let handler = StoreFixtures.handler(on: runtime)
            let confirmed = OrderID(UUID())
            let open = OrderID(UUID())
            let cancelled = OrderID(UUID())
            let batched = OrderID(UUID())
            for command in [
                StoreFixtures.place(confirmed), StoreFixtures.add(quantity: 2, to: confirmed), StoreFixtures.envelope(.confirmOrder, for: confirmed),
                StoreFixtures.place(open), StoreFixtures.add(to: open),
                StoreFixtures.place(cancelled), StoreFixtures.envelope(.cancelOrder(reason: "changed my mind"), for: cancelled),
            ] {
                #expect(try handler.handle(command).acceptedVersion != nil)
            }
            let batch = try #require(try handler.handle(together: [StoreFixtures.place(batched), StoreFixtures.add(to: batched), StoreFixtures.add(to: open)]))
            #expect(batch.map(\.acceptedVersion) == [1, 2, 3])
            let orders = [confirmed, open, cancelled, batched]
            let stored = try Self.ordersAsStored(orders, on: owner)
            let queries = ReadModelQueries(connection: runtime)
            let views = try orders.map { try queries.order($0) }
            #expect(views.allSatisfy { $0 != nil })
            let (auditBefore, breaksBefore) = try Self.audit(runtime)
            #expect(auditBefore.streams == 4 && auditBefore.events == 3 + 3 + 2 + 2)
            #expect(breaksBefore == [])

            let report = try MigrationRunner(connection: owner).migrate(all)
            #expect(report.applied == ["006_customers.sql"])
            #expect(report.alreadyApplied == before006.map(\.name))
            try SchemaRequirement.check(runtime)

            // Nothing about the orders moved; each stream is now an order's, not forgotten.
            #expect(try Self.ordersAsStored(orders, on: owner) == stored)
            #expect(try orders.map { try queries.order($0) } == views)
            #expect(try Fixtures.rows("SELECT DISTINCT kind, forgotten::text FROM streams", columns: 2, on: owner) == [["order", "false"]])
            let (auditAfter, breaksAfter) = try Self.audit(runtime)
            #expect(auditAfter == auditBefore)
            #expect(breaksAfter == [])
            #expect(try PostgresOrderEventStore(connection: runtime).head(of: open).version == 3)

            // The runtime role, now allowed to move only a stream's version, goes on writing them.
            let after = StoreFixtures.handler(on: try ConnectionTarget(databaseURL: Fixtures.runtimeURL(of: database)).connect())
            #expect(try after.handle(StoreFixtures.add(to: open)).acceptedVersion == 4)
            #expect(try after.handle(StoreFixtures.envelope(.confirmOrder, for: open)).acceptedVersion == 5)
            #expect(try after.handle(StoreFixtures.envelope(.shipOrder(trackingNumber: "TRACK-1"), for: confirmed)).acceptedVersion == 4)
            #expect(try after.handle(StoreFixtures.envelope(.confirmOrder, for: cancelled)) == .rejected(.invalidTransition(from: .cancelled, command: .confirmOrder)))
            let later = try #require(try after.handle(together: [StoreFixtures.add(to: batched), StoreFixtures.place(OrderID(UUID()))]))
            #expect(later.map(\.acceptedVersion) == [3, 1])
            // An old order's id stays an order's; new customers get streams of their own.
            let customers = Fixtures.handler(on: runtime)
            #expect(try customers.handle(Fixtures.register(CustomerID(open.uuid))) == .rejected(.wrongStreamKind))
            #expect(try PostgresCustomerEventStore(connection: runtime).forget(CustomerID(confirmed.uuid)) == .wrongStreamKind)
            let customer = CustomerID(UUID())
            #expect(try customers.handle(Fixtures.register(customer)).acceptedVersion == 1)
            #expect(try ContactsTable.view(of: customer, on: runtime, context: "test")?.contact == Fixtures.full)

            let (auditEnd, breaksEnd) = try Self.audit(runtime)
            #expect(auditEnd.streams == 6 && auditEnd.events == auditBefore.events + 3 + 2 + 1)
            #expect(breaksEnd == [])
        }
    }
}
