import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PostgresClient
@testable import PostgresStore
import Testing

/// An id names one stream of one kind for good: order commands never write to a customer's stream, customer
/// commands never to an order's, and two writers creating the same id as both end with one stream.
@Suite("Stream kinds on PostgreSQL", .serialized)
struct StreamKindTests {
    typealias Fixtures = CustomerStoreFixtures

    /// Everything stored under one stream id, to compare before and after a refused command.
    private static func everything(of stream: UUID, on connection: DatabaseConnection) throws -> [[String?]] {
        let id = stream.uuidString.lowercased()
        return try Fixtures.storedEvents(of: stream, on: connection)
            + Fixtures.rows("SELECT kind, version::text, forgotten::text FROM streams WHERE stream_id = $1", [id], columns: 3, on: connection)
            + Fixtures.rows("SELECT command_id::text, result_version::text FROM commands WHERE stream_id = $1 ORDER BY command_id", [id], columns: 2, on: connection)
            + Fixtures.rows("SELECT encode(key, 'hex') FROM customer_keys WHERE customer_id = $1", [id], columns: 1, on: connection)
            + Fixtures.rows("SELECT version::text, forgotten::text FROM customer_contacts WHERE customer_id = $1", [id], columns: 2, on: connection)
    }

    @Test("a customer command on an order's stream is wrong_stream_kind and writes nothing")
    func customerCommandOnOrderStream() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let order = OrderID(UUID())
            let orders = StoreFixtures.handler(on: connection)
            _ = try orders.handle(StoreFixtures.place(order))
            _ = try orders.handle(StoreFixtures.add(to: order))
            let before = try Self.everything(of: order.uuid, on: connection)
            #expect(before.count == 2 + 1 + 2)
            let orderView = try PostgresOrderEventStore(connection: connection).view(of: order)

            let customers = Fixtures.handler(on: connection)
            let asCustomer = CustomerID(order.uuid)
            let registration = Fixtures.register(asCustomer)
            #expect(try customers.handle(registration) == .rejected(.wrongStreamKind))
            #expect(try customers.handle(Fixtures.change(asCustomer, ContactChange(name: Fixtures.otherName))) == .rejected(.wrongStreamKind))
            #expect(CustomerRejection.wrongStreamKind.code == "wrong_stream_kind")

            #expect(try Self.everything(of: order.uuid, on: connection) == before)
            #expect(try Fixtures.value("SELECT kind FROM streams WHERE stream_id = $1", [order.description], on: connection) == "order")
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE command_id = $1", [registration.commandID.description], on: connection) == "0")
            #expect(try PostgresOrderEventStore(connection: connection).view(of: order) == orderView)
            // The order goes on as before.
            #expect(try orders.handle(StoreFixtures.envelope(.confirmOrder, for: order)).acceptedVersion == 3)
        }
    }

    @Test("an order command on a customer's stream is wrong_stream_kind, alone and in a batch, and writes nothing")
    func orderCommandOnCustomerStream() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let customer = CustomerID(UUID())
            _ = try Fixtures.handler(on: connection).handle(Fixtures.register(customer))
            let before = try Self.everything(of: customer.uuid, on: connection)
            #expect(before.count == 1 + 1 + 1 + 1 + 1)
            let asOrder = OrderID(customer.uuid)
            let handler = StoreFixtures.handler(on: connection)

            // One at a time: a placement, and commands that would otherwise be order_not_found.
            let placement = StoreFixtures.place(asOrder)
            #expect(try handler.handle(placement) == .rejected(.wrongStreamKind))
            #expect(try handler.handle(StoreFixtures.add(to: asOrder)) == .rejected(.wrongStreamKind))
            #expect(try handler.handle(StoreFixtures.envelope(.cancelOrder(reason: nil), for: asOrder)) == .rejected(.wrongStreamKind))
            #expect(OrderRejection.wrongStreamKind.code == "wrong_stream_kind")
            // A stale expectation is still a conflict first.
            #expect(
                try handler.handle(StoreFixtures.envelope(.placeOrder(customer: customer, currency: .eur), for: asOrder, expectedVersion: 0))
                    == .conflict(expected: 0, actual: 1, retriesExhausted: false)
            )

            // In a batch beside a command on an order of its own, which goes through.
            let other = OrderID(UUID())
            let batch = [StoreFixtures.place(asOrder), StoreFixtures.place(other), StoreFixtures.add(to: asOrder), StoreFixtures.add(to: other)]
            let outcomes = try #require(try handler.handle(together: batch))
            #expect(outcomes.count == 4)
            #expect(outcomes[0] == .rejected(.wrongStreamKind))
            #expect(outcomes[1].acceptedVersion == 1)
            #expect(outcomes[2] == .rejected(.wrongStreamKind))
            #expect(outcomes[3].acceptedVersion == 2)
            // A fresh handler (nothing cached) plans the same.
            let fresh = try #require(try StoreFixtures.handler(on: try database.connect()).handle(together: [StoreFixtures.add(to: asOrder)]))
            #expect(fresh == [.rejected(.wrongStreamKind)])

            #expect(try Self.everything(of: customer.uuid, on: connection) == before)
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE command_id = $1", [placement.commandID.description], on: connection) == "0")
            #expect(try PostgresOrderEventStore(connection: connection).view(of: asOrder) == nil)
            #expect(try ContactsTable.view(of: customer, on: connection, context: "test")?.contact == Fixtures.full)
            #expect(try PostgresOrderEventStore(connection: connection).events(in: other).count == 2)
        }
    }

    @Test("two connections creating one id as an order and as a customer: exactly one wins, the other is wrong_stream_kind")
    func racingKinds() throws {
        try TestDatabase.with { database in
            let rounds = 20
            var wins = (order: 0, customer: 0)
            for round in 0..<rounds {
                let id = UUID()
                let order = OrderID(id)
                let customer = CustomerID(id)
                let results = RacingKindOutcomes()
                let barrier = Barrier(parties: 2)
                runOnThreads(2) { worker in
                    do {
                        let connection = try database.connect()
                        // Both connected, then off at once; who is given a head start alternates, so both
                        // ways of losing (to the other's commit, or to its uncommitted insert) are exercised.
                        // The start given is up to 20 ms: with at most 1 ms, on two cores loaded by the rest
                        // of the suite, the customer side once won all 20 rounds.
                        barrier.arriveAndWait()
                        if worker == round % 2 { usleep(UInt32.random(in: 0...20_000)) }
                        if worker == 0 {
                            results.set(order: try StoreFixtures.handler(on: connection).handle(StoreFixtures.place(order)))
                        } else {
                            results.set(customer: try Fixtures.handler(on: connection).handle(Fixtures.register(customer)))
                        }
                    } catch {
                        results.fail(error)
                    }
                }
                #expect(results.errors.isEmpty, "\(results.errors)")
                let (orderOutcome, customerOutcome) = (results.order, results.customer)
                let connection = try database.connect()
                let kind = try Fixtures.value("SELECT kind FROM streams WHERE stream_id = $1", [order.description], on: connection)
                let events = try Fixtures.storedEvents(of: id, on: connection)
                #expect(events.count == 1)
                if orderOutcome?.acceptedVersion == 1 {
                    wins.order += 1
                    #expect(customerOutcome == .rejected(.wrongStreamKind), "round \(round)")
                    #expect(kind == "order")
                    #expect(events.first?[2] == "OrderPlaced")
                    #expect(try Fixtures.contactsRow(of: customer, on: connection) == nil)
                    #expect(try Fixtures.storedKey(of: customer, on: connection) == nil)
                } else {
                    wins.customer += 1
                    #expect(customerOutcome?.acceptedVersion == 1, "round \(round): neither won (\(String(describing: orderOutcome)), \(String(describing: customerOutcome)))")
                    #expect(orderOutcome == .rejected(.wrongStreamKind), "round \(round)")
                    #expect(kind == "customer")
                    #expect(events.first?[2] == "CustomerRegistered")
                    #expect(try PostgresOrderEventStore(connection: connection).view(of: order) == nil)
                    #expect(try ContactsTable.view(of: customer, on: connection, context: "test")?.contact == Fixtures.full)
                }
                #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE stream_id = $1", [order.description], on: connection) == "1")
                var breaks: [ChainBreak] = []
                #expect(try ChainAuditor(connection: connection).verify(only: order) { breaks.append($0) }.events == 1)
                #expect(breaks == [])
            }
            // Each side got the head start in half the rounds; each must have won at least once.
            #expect(wins.order > 0 && wins.customer > 0, "wins: \(wins)")
        }
    }
    @Test("a registration whose head was read before an order took the id meanwhile is wrong_stream_kind, and stores no key")
    func registrationLosesToOrder() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let id = UUID()
            let rivalConnection = try database.connect()
            let store = CustomerStoreWithRival(connection: connection) {
                _ = try StoreFixtures.handler(on: rivalConnection).handle(StoreFixtures.place(OrderID(id)))
            }
            let handler = CustomerCommandHandler(store: store, clock: Fixtures.now, makeEventID: { EventID(UUID()) })
            let registration = Fixtures.register(CustomerID(id))
            #expect(try handler.handle(registration) == .rejected(.wrongStreamKind))
            // The append that lost found the stream taken, and the next pass saw whose it was.
            #expect(store.appendOutcomes == [.versionConflict(actual: 1)])
            #expect(try Fixtures.value("SELECT kind FROM streams WHERE stream_id = $1", [id.uuidString.lowercased()], on: connection) == "order")
            #expect(try Fixtures.storedKey(of: CustomerID(id), on: connection) == nil)
            #expect(try Fixtures.value("SELECT count(*) FROM customer_keys", on: connection) == "0")
            #expect(try Fixtures.contactsRow(of: CustomerID(id), on: connection) == nil)
            #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE command_id = $1", [registration.commandID.description], on: connection) == "0")
        }
    }

    @Test("a placement whose head was read before a customer took the id meanwhile is wrong_stream_kind, alone and in a batch")
    func placementLosesToCustomer() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let rivalConnection = try database.connect()
            for batched in [false, true] {
                let id = UUID()
                let store = OrderStoreWithRival(connection: connection) {
                    _ = try Fixtures.handler(on: rivalConnection).handle(Fixtures.register(CustomerID(id)))
                }
                let handler = CommandHandler(store: store, clock: Fixtures.now, makeEventID: { EventID(UUID()) })
                let placement = StoreFixtures.place(OrderID(id))
                if batched {
                    // The batch planned on an empty stream and is declined whole; alone, the command meets its fate.
                    let other = OrderID(UUID())
                    #expect(try handler.handle(together: [placement, StoreFixtures.place(other)]) == nil)
                    #expect(try PostgresOrderEventStore(connection: connection).currentVersion(of: other) == 0)
                    #expect(store.batchOutcomes == [.declined])
                }
                #expect(try handler.handle(placement) == .rejected(.wrongStreamKind), "batched: \(batched)")
                #expect(store.appendOutcomes == (batched ? [] : [.versionConflict(actual: 1)]))
                #expect(try Fixtures.value("SELECT kind FROM streams WHERE stream_id = $1", [id.uuidString.lowercased()], on: connection) == "customer")
                #expect(try Fixtures.storedEvents(of: id, on: connection).map { $0[2] } == ["CustomerRegistered"])
                #expect(try PostgresOrderEventStore(connection: connection).view(of: OrderID(id)) == nil)
                #expect(try Fixtures.value("SELECT count(*) FROM commands WHERE command_id = $1", [placement.commandID.description], on: connection) == "0")
            }
        }
    }
}

/// The two answers of one race between an order placement and a customer registration.
private final class RacingKindOutcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var orderOutcome: CommandOutcome?
    private var customerOutcome: CustomerCommandOutcome?
    private var failures: [String] = []

    func set(order outcome: CommandOutcome) { lock.withLock { orderOutcome = outcome } }
    func set(customer outcome: CustomerCommandOutcome) { lock.withLock { customerOutcome = outcome } }
    func fail(_ error: any Error) { lock.withLock { failures.append(String(describing: error)) } }
    var order: CommandOutcome? { lock.withLock { orderOutcome } }
    var customer: CustomerCommandOutcome? { lock.withLock { customerOutcome } }
    var errors: [String] { lock.withLock { failures } }
}
