import PostgresClient
import DatabaseTestSupport
import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import PostgresStore
import Testing

@Suite("PostgreSQL event store", .serialized)
struct PostgresOrderEventStoreTests {

    @Test("append and read back: events, positions, metadata, times to the microsecond")
    func appendAndReadBack() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            let order = OrderID(UUID())
            let placed = try handler.handle(StoreFixtures.place(order))
            let added = try handler.handle(StoreFixtures.add(quantity: 2, price: "19.99", to: order))
            guard case let .accepted(1, placedEvents) = placed, case let .accepted(2, addedEvents) = added else {
                Issue.record("expected two accepted commands, got \(placed) and \(added)")
                return
            }
            let stored = try PostgresOrderEventStore(connection: connection).events(in: order)
            #expect(stored == placedEvents + addedEvents)
            #expect(stored.map(\.version) == [1, 2])
            #expect(stored[0].position < stored[1].position)
            #expect(stored[1].metadata["user"] == "tester")
            #expect(stored[1].metadata["commandId"]?.stringValue != nil)
            let view = try #require(try PostgresOrderEventStore(connection: connection).view(of: order))
            #expect(view.version == 2)
            #expect(view.order.total == Money(minorUnits: 3998, currency: .eur))
            #expect(view.placedAt == stored[0].occurredAt)
            #expect(view.updatedAt == stored[1].occurredAt)
        }
    }

    @Test("the events table holds the contract's columns and the xid8 transaction id")
    func eventsColumns() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let order = OrderID(UUID())
            _ = try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(order))
            let result = try connection.execute(
                """
                SELECT global_position, stream_id, version, event_id, event_type, schema_version, payload->>'currency',
                       metadata ? 'commandId', occurred_at IS NOT NULL, pg_typeof(transaction_id)::text
                FROM events WHERE stream_id = $1
                """,
                [order.description], context: "reading columns"
            )
            #expect(result.rowCount == 1)
            #expect(result.string(row: 0, column: 1) == order.description)
            #expect(result.string(row: 0, column: 2) == "1")
            #expect(result.string(row: 0, column: 4) == "OrderPlaced")
            #expect(result.string(row: 0, column: 5) == "1")
            #expect(result.string(row: 0, column: 6) == "EUR")
            #expect(result.string(row: 0, column: 7) == "t")
            #expect(result.string(row: 0, column: 9) == "xid8")
        }
    }

    @Test("a stale expected version is a conflict and writes nothing")
    func versionConflict() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = PostgresOrderEventStore(connection: connection)
            let handler = StoreFixtures.handler(on: connection)
            let order = OrderID(UUID())
            _ = try handler.handle(StoreFixtures.place(order))
            _ = try handler.handle(StoreFixtures.add(to: order))
            let stale = StoreFixtures.envelope(.confirmOrder, for: order, expectedVersion: 1)
            #expect(try handler.handle(stale) == .conflict(expected: 1, actual: 2, retriesExhausted: false))
            #expect(try store.currentVersion(of: order) == 2)
            // The store itself refuses an append built on an old version.
            let events = try store.events(in: order)
            let view = try #require(try store.view(of: order))
            let outdated = StreamAppend(
                orderID: order, expectedVersion: 1,
                events: [PendingEvent(eventID: EventID(UUID()), event: .orderConfirmed, occurredAt: events[1].occurredAt, metadata: ["commandId": "x"])],
                previousHash: events[0].hash,
                command: CommandRecord(commandID: CommandID(UUID()), streamID: StreamID(order.uuid), fingerprint: CommandFingerprint.of(stale), resultingVersion: 2),
                view: view
            )
            #expect(try store.append(outdated) == .versionConflict(actual: 2))
            #expect(try store.events(in: order).count == 2)
        }
    }

    @Test("writers on several connections keep every stream's versions contiguous and its hash chain intact")
    func concurrentWriters() throws {
        try TestDatabase.with { database in
            let order = OrderID(UUID())
            _ = try StoreFixtures.handler(on: try database.connect()).handle(StoreFixtures.place(order))
            let writers = 4
            let commandsPerWriter = 25
            let outcomes = ConcurrentOutcomes()
            DispatchQueue.concurrentPerform(iterations: writers) { _ in
                do {
                    let handler = StoreFixtures.handler(on: try database.connect(), maximumAttempts: 50)
                    for _ in 0..<commandsPerWriter {
                        outcomes.append(try handler.handle(StoreFixtures.add(to: order)))
                    }
                } catch {
                    outcomes.fail(error)
                }
            }
            #expect(outcomes.errors.isEmpty, "\(outcomes.errors)")
            let accepted = outcomes.all.filter { if case .accepted = $0 { true } else { false } }
            #expect(accepted.count == writers * commandsPerWriter)
            let connection = try database.connect()
            let versions = try PostgresOrderEventStore(connection: connection).events(in: order).map(\.version)
            #expect(versions == Array(1...(1 + writers * commandsPerWriter)))
            #expect(try PostgresOrderEventStore(connection: connection).view(of: order)?.order.lines.count == writers * commandsPerWriter)
            // Each writer chained onto the link it had read; the version check made every lost race retry.
            var breaks: [ChainBreak] = []
            #expect(try ChainAuditor(connection: connection).verify(only: order) { breaks.append($0) }.events == 1 + writers * commandsPerWriter)
            #expect(breaks == [])
        }
    }

    @Test("two connections racing on one new stream: exactly one placement wins")
    func racingPlacements() throws {
        try TestDatabase.with { database in
            for _ in 0..<10 {
                let order = OrderID(UUID())
                let outcomes = ConcurrentOutcomes()
                DispatchQueue.concurrentPerform(iterations: 2) { _ in
                    do {
                        outcomes.append(try StoreFixtures.handler(on: try database.connect()).handle(StoreFixtures.place(order)))
                    } catch {
                        outcomes.fail(error)
                    }
                }
                #expect(outcomes.errors.isEmpty)
                #expect(outcomes.all.filter { if case .accepted = $0 { true } else { false } }.count == 1)
                #expect(outcomes.all.contains(.rejected(.orderAlreadyExists)))
            }
        }
    }

    @Test("UPDATE, DELETE and TRUNCATE on events fail, even for a superuser", arguments: [
        "UPDATE events SET event_type = 'OrderCancelled'",
        "DELETE FROM events",
        "TRUNCATE events CASCADE",
    ])
    func appendOnly(statement: String) throws {
        try TestDatabase.with { database in
            _ = try StoreFixtures.handler(on: try database.connect()).handle(StoreFixtures.place(OrderID(UUID())))
            let connection = try database.connectAsOwner()
            let superuser = try connection.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user", context: "checking role")
            #expect(superuser.string(row: 0, column: 0) == "t", "this test must run as a superuser to prove the point")
            do {
                try connection.execute(statement, context: "tampering")
                Issue.record("\(statement) succeeded")
            } catch let error as PostgresError {
                #expect(error.message.contains("append-only"))
                #expect(error.sqlState == .raiseException)
            }
            // Replication mode does not slip past the triggers either.
            try connection.execute("SET session_replication_role = replica", context: "replica mode")
            #expect(throws: PostgresError.self) { try connection.execute(statement, context: "tampering in replica mode") }
            try connection.execute("RESET session_replication_role", context: "reset")
            #expect(try connection.execute("SELECT count(*) FROM events", context: "count").integer(row: 0, column: 0) == 1)
        }
    }

    @Test("the runtime role cannot UPDATE, DELETE or TRUNCATE events even with the triggers gone, nor switch them off", arguments: [
        "UPDATE events SET event_type = 'OrderCancelled'",
        "DELETE FROM events",
        "TRUNCATE events CASCADE",
        "ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete",
    ])
    func runtimeRoleCannotRewrite(statement: String) throws {
        try TestDatabase.with { database in
            let runtime = try database.connect()
            #expect(try runtime.execute("SELECT current_user", context: "who").string(row: 0, column: 0) == RuntimeRole.name)
            let order = OrderID(UUID())
            _ = try StoreFixtures.handler(on: runtime).handle(StoreFixtures.place(order))
            let owner = try database.connectAsOwner()
            try owner.execute("ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete", context: "removing the guard")
            try owner.execute("ALTER TABLE events DISABLE TRIGGER events_no_truncate", context: "removing the guard")
            defer {
                _ = try? owner.execute("ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_update_or_delete", context: "restoring")
                _ = try? owner.execute("ALTER TABLE events ENABLE ALWAYS TRIGGER events_no_truncate", context: "restoring")
            }
            do {
                try runtime.execute(statement, context: "rewriting as the runtime role")
                Issue.record("\(statement) succeeded as \(RuntimeRole.name)")
            } catch let error as PostgresError {
                #expect(error.sqlState == .insufficientPrivilege || error.message.contains("must be owner"), "\(error)")
            }
            #expect(try owner.execute("SELECT count(*), min(event_type) FROM events", context: "count").string(row: 0, column: 1) == "OrderPlaced")
            #expect(try owner.execute("SELECT count(*) FROM events", context: "count").integer(row: 0, column: 0) == 1)
        }
    }

    @Test("the runtime role has a statement timeout and an idle-in-transaction timeout")
    func runtimeRoleTimeouts() throws {
        try TestDatabase.with { database in
            let runtime = try database.connect()
            #expect(try runtime.execute("SHOW statement_timeout", context: "reading").string(row: 0, column: 0) == "1min")
            #expect(try runtime.execute("SHOW idle_in_transaction_session_timeout", context: "reading").string(row: 0, column: 0) == "1min")
        }
    }

    @Test("a repeated command id answers duplicate; reused for another command it is refused")
    func idempotency() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            let order = OrderID(UUID())
            let placement = StoreFixtures.place(order)
            guard case .accepted(version: 1, _) = try handler.handle(placement) else {
                Issue.record("the first placement was not accepted")
                return
            }
            #expect(try handler.handle(placement) == .duplicate(version: 1))
            let retryWithOtherMetadata = CommandEnvelope(
                commandID: placement.commandID, orderID: order, command: placement.command, expectedVersion: 0, metadata: ["attempt": 2]
            )
            #expect(try handler.handle(retryWithOtherMetadata) == .duplicate(version: 1))
            let reuse = StoreFixtures.envelope(.cancelOrder(reason: nil), for: order, id: placement.commandID)
            #expect(try handler.handle(reuse) == .commandIDReused)
            #expect(try StoreFixtures.count("events", where: "stream_id", is: order, on: connection) == 1)
        }
    }

    /// Commands that two writers send at the same moment under one command id.
    enum Twin: String, CaseIterable {
        case addItem, addItemWithExpectedVersion, placeOrder, placeOrderWithExpectedVersion
    }

    @Test("the same command id from two connections at once is applied once; the other answers duplicate", arguments: Twin.allCases)
    func concurrentDuplicates(twin: Twin) throws {
        try TestDatabase.with { database in
            let existing = OrderID(UUID())
            _ = try StoreFixtures.handler(on: try database.connect()).handle(StoreFixtures.place(existing))
            for round in 0..<10 {
                let command: CommandEnvelope
                switch twin {
                case .addItem:
                    command = StoreFixtures.add(to: existing)
                case .addItemWithExpectedVersion:
                    let add = StoreFixtures.add(to: existing)
                    command = StoreFixtures.envelope(add.command, for: existing, expectedVersion: 1 + round)
                case .placeOrder:
                    command = StoreFixtures.place(OrderID(UUID()))
                case .placeOrderWithExpectedVersion:
                    let place = StoreFixtures.place(OrderID(UUID()))
                    command = StoreFixtures.envelope(place.command, for: place.orderID, expectedVersion: 0)
                }
                let outcomes = ConcurrentOutcomes()
                DispatchQueue.concurrentPerform(iterations: 2) { _ in
                    do {
                        outcomes.append(try StoreFixtures.handler(on: try database.connect()).handle(command))
                    } catch {
                        outcomes.fail(error)
                    }
                }
                #expect(outcomes.errors.isEmpty)
                #expect(outcomes.all.filter { if case .accepted = $0 { true } else { false } }.count == 1, "\(outcomes.all)")
                #expect(outcomes.all.filter { if case .duplicate = $0 { true } else { false } }.count == 1, "\(outcomes.all)")
            }
            let connection = try database.connect()
            let expectedEvents = twin == .addItem || twin == .addItemWithExpectedVersion ? 11 : 1
            #expect(try StoreFixtures.count("events", where: "stream_id", is: existing, on: connection) == expectedEvents)
        }
    }

    @Test("a command and its read-model row commit together or not at all")
    func atomicWithReadModel() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = StoreFixtures.handler(on: connection)
            let order = OrderID(UUID())
            _ = try handler.handle(StoreFixtures.place(order))
            // Make the read-model write fail for this order, after the event insert succeeded.
            try connection.executeScript(
                """
                CREATE FUNCTION refuse_view() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'read model refused' USING ERRCODE = 'check_violation'; END $$;
                CREATE TRIGGER refuse_view BEFORE UPDATE ON orders_v1 FOR EACH ROW EXECUTE FUNCTION refuse_view();
                """,
                context: "installing a failing read model"
            )
            #expect(throws: PostgresError.self) { try handler.handle(StoreFixtures.add(to: order)) }
            #expect(try StoreFixtures.count("events", where: "stream_id", is: order, on: connection) == 1)
            #expect(try StoreFixtures.count("commands", where: "stream_id", is: order, on: connection) == 1)
            #expect(try PostgresOrderEventStore(connection: connection).currentVersion(of: order) == 1)
            #expect(try PostgresOrderEventStore(connection: connection).view(of: order)?.version == 1)
            // And the other way round: a failing event insert leaves no read-model row and no command record.
            try connection.executeScript("DROP TRIGGER refuse_view ON orders_v1", context: "removing the failing read model")
            // Only the owner of events may put a trigger on it.
            try database.connectAsOwner().executeScript(
                """
                CREATE TRIGGER refuse_event BEFORE INSERT ON events FOR EACH ROW
                WHEN (NEW.event_type = 'OrderConfirmed') EXECUTE FUNCTION refuse_view();
                """,
                context: "installing a failing event insert"
            )
            _ = try handler.handle(StoreFixtures.add(to: order))
            #expect(throws: PostgresError.self) { try handler.handle(StoreFixtures.envelope(.confirmOrder, for: order)) }
            #expect(try PostgresOrderEventStore(connection: connection).view(of: order)?.order.status == .pending)
            #expect(try StoreFixtures.count("commands", where: "stream_id", is: order, on: connection) == 2)
            #expect(try PostgresOrderEventStore(connection: connection).currentVersion(of: order) == 2)
        }
    }
}
