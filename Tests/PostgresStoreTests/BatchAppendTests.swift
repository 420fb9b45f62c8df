import PostgresClient
import DatabaseTestSupport
import Foundation
import OrderDomain
import OrderProjections
import OrderService
import PostgresStore
import ReadModelTestSupport
import Testing

@Suite("Batches of commands in one transaction (PostgreSQL)")
struct BatchAppendTests {
    /// The PostgreSQL store, with a rival writer that acts just before the next batch is written.
    final class RivalBeforeBatch: OrderEventStore {
        let inner: PostgresOrderEventStore
        var rival: (() throws -> Void)?

        init(connection: DatabaseConnection) { inner = PostgresOrderEventStore(connection: connection) }

        func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
        func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
        func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }
        func append(_ append: StreamAppend) throws -> AppendOutcome { try inner.append(append) }
        func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] { try inner.versions(of: orderIDs) }
        func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] { try inner.commands(commandIDs) }
        func events(in orderIDs: [OrderID]) throws -> [OrderID: [RecordedEvent]] { try inner.events(in: orderIDs) }
        func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
            try rival?()
            rival = nil
            return try inner.append(together: appends)
        }
    }

    static func handler(on store: some OrderEventStore) -> CommandHandler {
        CommandHandler(
            store: store, clock: { Timestamp(microsecondsSinceEpoch: Int64(Date().timeIntervalSince1970 * 1_000_000)) },
            makeEventID: { EventID(UUID()) }
        )
    }

    static func count(_ sql: String, _ parameters: [String?] = [], on connection: DatabaseConnection) throws -> Int {
        Int(try connection.execute(sql, parameters, context: "counting").integer(row: 0, column: 0) ?? -1)
    }

    @Test("a batch writes every event, command record and read model at once: versions contiguous, chains intact, read models equal to the fold")
    func batchWritesEverything() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = PostgresOrderEventStore(connection: connection)
            let handler = Self.handler(on: store)
            let orders = (0..<20).map { _ in OrderID(UUID()) }
            var batch = orders.map { StoreFixtures.place($0) }
            batch += orders.flatMap { [StoreFixtures.add(to: $0), StoreFixtures.add(price: "1.25", to: $0)] }
            batch += orders.prefix(10).map { StoreFixtures.envelope(.confirmOrder, for: $0) }
            let outcomes = try #require(try handler.handle(together: batch))
            #expect(outcomes.allSatisfy { if case .accepted = $0 { true } else { false } }, "\(outcomes)")
            let positions = outcomes.flatMap { outcome -> [Int64] in
                guard case let .accepted(_, events) = outcome else { return [] }
                return events.map(\.position)
            }
            #expect(positions == positions.sorted() && Set(positions).count == batch.count, "positions follow the batch's order")
            #expect(try Self.count("SELECT count(*) FROM events", on: connection) == batch.count)
            #expect(try Self.count("SELECT count(*) FROM commands", on: connection) == batch.count)
            #expect(try store.versions(of: orders).values.sorted() == Array(repeating: 3, count: 10) + Array(repeating: 4, count: 10))
            #expect(try ReadModelExpectations.differences(on: connection) == [])
            var breaks: [ChainBreak] = []
            let report = try ChainAuditor(connection: connection).verify { breaks.append($0) }
            #expect(breaks.isEmpty && report.events == batch.count, "\(breaks)")
            // A second batch on the same streams starts from the cached heads and still links on.
            let more = try #require(try handler.handle(together: orders.suffix(10).map { StoreFixtures.envelope(.confirmOrder, for: $0) }))
            #expect(more.allSatisfy { if case .accepted(version: 4, _) = $0 { true } else { false } }, "\(more)")
            #expect(try ChainAuditor(connection: connection).verify { breaks.append($0) }.events == batch.count + 10 && breaks.isEmpty)
        }
    }

    @Test("a stream moved by another writer declines the whole batch: nothing of it is written, and alone every command is answered")
    func movedStreamDeclines() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = RivalBeforeBatch(connection: connection)
            let handler = Self.handler(on: store)
            let contested = OrderID(UUID())
            let untouched = OrderID(UUID())
            #expect(try handler.handle(together: [StoreFixtures.place(contested)])?.count == 1)
            store.rival = { _ = try StoreFixtures.handler(on: try database.connect()).handle(StoreFixtures.add(to: contested)) }
            let batch = [StoreFixtures.place(untouched), StoreFixtures.add(to: untouched), StoreFixtures.add(to: contested)]
            #expect(try handler.handle(together: batch) == nil)
            #expect(try StoreFixtures.count("events", where: "stream_id", is: untouched, on: connection) == 0, "the other stream's appends rolled back too")
            #expect(try Self.count("SELECT count(*) FROM commands WHERE stream_id = $1", [untouched.description], on: connection) == 0)
            #expect(try Self.count("SELECT version FROM streams WHERE stream_id = $1", [contested.description], on: connection) == 2)
            let alone = try batch.map { try handler.handle($0) }
            #expect(alone.map { if case let .accepted(version, _) = $0 { version } else { -1 } } == [1, 2, 3], "the lost race is retried on the new state")
            #expect(try ReadModelExpectations.differences(on: connection) == [])
        }
    }

    @Test("a command id recorded by another writer meanwhile declines the batch, and alone it answers command_id_reused")
    func commandRecordedMeanwhileDeclines() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let store = RivalBeforeBatch(connection: connection)
            let handler = Self.handler(on: store)
            let shared = CommandID(UUID())
            let ours = OrderID(UUID())
            store.rival = {
                let rivalOrder = OrderID(UUID())
                _ = try StoreFixtures.handler(on: try database.connect()).handle(StoreFixtures.envelope(.placeOrder(customer: StoreFixtures.customer, currency: .usd), for: rivalOrder, id: shared))
            }
            let batch = [StoreFixtures.envelope(.placeOrder(customer: StoreFixtures.customer, currency: .eur), for: ours, id: shared), StoreFixtures.place(OrderID(UUID()))]
            #expect(try handler.handle(together: batch) == nil)
            #expect(try StoreFixtures.count("events", where: "stream_id", is: ours, on: connection) == 0)
            #expect(try Self.count("SELECT count(*) FROM streams", on: connection) == 1, "only the rival's stream exists")
            #expect(try handler.handle(batch[0]) == .commandIDReused)
        }
    }

    @Test("a row PostgreSQL refuses declines the batch instead of failing it, and alone only that command fails")
    func refusedRowDeclines() throws {
        try TestDatabase.with { database in
            let connection = try database.connect()
            let handler = Self.handler(on: PostgresOrderEventStore(connection: connection))
            let good = OrderID(UUID())
            let bad = OrderID(UUID())
            // A NUL cannot be stored in jsonb text: PostgreSQL refuses the row (SQLSTATE 22P05).
            let unstorable = CommandEnvelope(
                commandID: CommandID(UUID()), orderID: bad, command: .placeOrder(customer: StoreFixtures.customer, currency: .eur), metadata: ["note": "a\u{0}b"]
            )
            #expect(try handler.handle(together: [StoreFixtures.place(good), unstorable]) == nil)
            #expect(try Self.count("SELECT count(*) FROM events", on: connection) == 0)
            #expect(try handler.handle(StoreFixtures.place(good)) == .accepted(version: 1, events: try PostgresOrderEventStore(connection: connection).events(in: good)))
            #expect(throws: PostgresError.self) { try handler.handle(unstorable) }
        }
    }
}
