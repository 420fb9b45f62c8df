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

    /// Copies the streams, events and command records of `source` into `target` with the statements an
    /// orderctl before 006 used: `streams` without a kind, events with their positions and links.
    private static func copyRowsAsBefore006(from source: DatabaseConnection, to target: DatabaseConnection) throws {
        for stream in try Fixtures.rows("SELECT stream_id::text, version::text FROM streams", columns: 2, on: source) {
            try target.execute("INSERT INTO streams (stream_id, version) VALUES ($1::uuid, $2::integer)", stream, context: "copying a stream")
        }
        let events = try Fixtures.rows(
            """
            SELECT global_position::text, stream_id::text, version::text, event_id::text, event_type, schema_version::text, payload::text,
                   metadata::text, occurred_at::text, encode(hash, 'hex') FROM events ORDER BY global_position
            """,
            columns: 10, on: source
        )
        for event in events {
            try target.execute(
                """
                INSERT INTO events (global_position, stream_id, version, event_id, event_type, schema_version, payload, metadata, occurred_at, hash)
                OVERRIDING SYSTEM VALUE
                VALUES ($1::bigint, $2::uuid, $3::integer, $4::uuid, $5, $6::integer, $7::jsonb, $8::jsonb, $9::timestamptz, decode($10, 'hex'))
                """,
                event, context: "copying an event"
            )
        }
        try target.execute("SELECT setval(pg_get_serial_sequence('events', 'global_position'), (SELECT max(global_position) FROM events))", context: "copying")
        let commands = try Fixtures.rows(
            "SELECT command_id::text, stream_id::text, encode(fingerprint, 'hex'), result_version::text FROM commands", columns: 4, on: source
        )
        for command in commands {
            try target.execute(
                "INSERT INTO commands (command_id, stream_id, fingerprint, result_version) VALUES ($1::uuid, $2::uuid, decode($3, 'hex'), $4::integer)",
                command, context: "copying a command record"
            )
        }
    }

    @Test("orders written before 006 keep their events, views and chain, and go on taking commands as the runtime role")
    func ordersBeforeCustomers() throws {
        try TestDatabase.with(migrated: false) { database in
            let owner = try database.connectAsOwner()
            let all = try Migration.load(from: Self.sqlFolder)
            let before006 = all.filter { $0.name < "006" }
            #expect(before006.map(\.name).last == "005_stream_snapshots.sql")
            #expect(all.map(\.name).contains("006_customers.sql"))
            _ = try MigrationRunner(connection: owner).migrate(before006)
            _ = try RuntimeRole.acting(on: owner) { try ProjectionRebuilder(connection: owner).buildMissingReadModels() }
            #expect(try Fixtures.value(
                "SELECT count(*) FROM information_schema.columns WHERE table_name = 'streams' AND column_name IN ('kind', 'forgotten')", on: owner
            ) == "0", "the store is not as it was before 006")

            // Orders as an orderctl of that time left them. Today's handler writes streams with a kind, which
            // this store has no column for, so it writes them in a scratch store, whose rows are then copied
            // in with the statements of that time: streams without a kind, events and command records as stored.
            let confirmed = OrderID(UUID())
            let open = OrderID(UUID())
            let cancelled = OrderID(UUID())
            let batched = OrderID(UUID())
            try TestDatabase.with { scratch in
                let handler = StoreFixtures.handler(on: try scratch.connect())
                for command in [
                    StoreFixtures.place(confirmed), StoreFixtures.add(quantity: 2, to: confirmed), StoreFixtures.envelope(.confirmOrder, for: confirmed),
                    StoreFixtures.place(open), StoreFixtures.add(to: open),
                    StoreFixtures.place(cancelled), StoreFixtures.envelope(.cancelOrder(reason: "changed my mind"), for: cancelled),
                ] {
                    #expect(try handler.handle(command).acceptedVersion != nil)
                }
                let batch = try #require(try handler.handle(together: [StoreFixtures.place(batched), StoreFixtures.add(to: batched), StoreFixtures.add(to: open)]))
                #expect(batch.map(\.acceptedVersion) == [1, 2, 3])
                try Self.copyRowsAsBefore006(from: try scratch.connectAsOwner(), to: owner)
            }
            _ = try RuntimeRole.acting(on: owner) { try ProjectionRunner(connection: owner).catchUpLiveTables() }
            let runtime = try ConnectionTarget(databaseURL: Fixtures.runtimeURL(of: database)).connect()
            #expect(try Fixtures.value("SELECT current_user", on: runtime) == RuntimeRole.name)
            let orders = [confirmed, open, cancelled, batched]
            let stored = try Self.ordersAsStored(orders, on: owner)
            let queries = ReadModelQueries(connection: runtime)
            let views = try orders.map { try queries.order($0) }
            #expect(views.allSatisfy { $0 != nil })
            let (auditBefore, breaksBefore) = try Self.audit(runtime)
            #expect(auditBefore.streams == 4 && auditBefore.events == 3 + 3 + 2 + 2)
            #expect(breaksBefore == [])

            let report = try MigrationRunner(connection: owner).migrate(all)
            #expect(report.applied == all.filter { $0.name >= "006" }.map(\.name))
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
