import Foundation
import OrderDomain
import OrderProjections
import OrderService
import Testing

@Suite("Command handler, batches handled together (in-memory store)")
struct CommandHandlerBatchTests {
    typealias Fixtures = CommandHandlerTests

    /// A batch touching every answer: accepted, a repeat inside the batch, an id reused, a stale
    /// expectedVersion, business rejections, and several commands on one stream in a row.
    static func mixedBatch(orders: [OrderID]) -> [CommandEnvelope] {
        let placed = CommandID(UUID())
        let reused = CommandID(UUID())
        return [
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: orders[0], id: placed),
            Fixtures.envelope(Fixtures.addItem("4.50"), for: orders[0], id: reused),
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: orders[0], id: placed),
            Fixtures.envelope(.confirmOrder, for: orders[0], id: reused),
            Fixtures.envelope(.confirmOrder, for: orders[0], expectedVersion: 1),
            Fixtures.envelope(.confirmOrder, for: orders[1]),
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .jpy), for: orders[1], expectedVersion: 0),
            Fixtures.envelope(Fixtures.addItem("1.5"), for: orders[1]),
            Fixtures.envelope(Fixtures.addItem("15"), for: orders[1]),
            Fixtures.envelope(.confirmOrder, for: orders[0], expectedVersion: 2),
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: orders[0]),
        ]
    }

    /// Outcomes without the parts that differ between two runs (positions, event ids, times).
    static func shapes(_ outcomes: [CommandOutcome]) -> [String] {
        outcomes.map { outcome in
            switch outcome {
            case let .accepted(version, events): "accepted v\(version) " + events.map { "\($0.event.kind)@\($0.version)" }.joined(separator: ",")
            default: "\(outcome)"
            }
        }
    }

    @Test("a batch answers exactly as handling its commands one by one, and writes the same streams")
    func sameAnswersAsOneByOne() throws {
        let orders = [OrderID(UUID()), OrderID(UUID())]
        let batch = Self.mixedBatch(orders: orders)
        let alone = InMemoryOrderEventStore()
        let oneByOne = try batch.map { try Fixtures.makeHandler(store: alone).handle($0) }
        let together = InMemoryOrderEventStore()
        let batched = try #require(try Fixtures.makeHandler(store: together).handle(together: batch))

        #expect(Self.shapes(batched) == Self.shapes(oneByOne))
        #expect(Self.shapes(batched).filter { $0.hasPrefix("accepted") }.count == 5, "\(Self.shapes(batched))")
        for order in orders {
            #expect(try together.events(in: order).map(\.event) == alone.events(in: order).map(\.event))
            #expect(try together.view(of: order)?.order == alone.view(of: order)?.order)
            // The chain links were computed batch-wide from the heads, each on the one before.
            var previous = EventChain.genesis
            for recorded in try together.events(in: order) {
                let encoded = EventCodec.encode(recorded.event)
                let chained = ChainedEvent(
                    orderID: order, version: recorded.version, eventID: recorded.eventID, type: encoded.type, schemaVersion: encoded.schemaVersion,
                    payload: encoded.payload, metadata: recorded.metadata, occurredAt: recorded.occurredAt
                )
                previous = EventChain.link(of: chained, after: previous)
                #expect(recorded.hash == previous, "version \(recorded.version) is not linked to the one before")
            }
        }
    }

    @Test("a later batch sees what another writer did meanwhile: the cached head is checked against the stream's version")
    func staleCacheIsNotTrusted() throws {
        let store = InMemoryOrderEventStore()
        let handler = Fixtures.makeHandler(store: store)
        let rival = Fixtures.makeHandler(store: store)
        let order = OrderID(UUID())
        _ = try #require(try handler.handle(together: [
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: order),
            Fixtures.envelope(Fixtures.addItem(), for: order),
        ]))
        #expect(try rival.handle(Fixtures.envelope(.confirmOrder, for: order)) == .accepted(version: 3, events: try store.events(in: order).suffix(1)))
        let answers = try #require(try handler.handle(together: [
            Fixtures.envelope(Fixtures.addItem(), for: order),
            Fixtures.envelope(.shipOrder(trackingNumber: nil), for: order, expectedVersion: 3),
        ]))
        #expect(answers[0] == .rejected(.invalidTransition(from: .confirmed, command: .addItem)), "decided on the confirmed order, not the cached pending one")
        #expect(Self.shapes([answers[1]]) == ["accepted v4 orderShipped@4"])
    }

    @Test("a batch the store declines writes nothing and returns nil, so each command goes alone")
    func declinedBatch() throws {
        let store = DecliningStore()
        let handler = Fixtures.makeHandler(store: store)
        let order = OrderID(UUID())
        let batch = [
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: order),
            Fixtures.envelope(Fixtures.addItem(), for: order),
        ]
        #expect(try handler.handle(together: batch) == nil)
        #expect(try store.events(in: order).isEmpty)
        let alone = try batch.map { try handler.handle($0) }
        #expect(Self.shapes(alone) == ["accepted v1 orderPlaced@1", "accepted v2 itemAdded@2"])
    }

    @Test("a batch with nothing to write (only duplicates and rejections) does not touch the store's append")
    func nothingToWrite() throws {
        let store = DecliningStore()
        let handler = Fixtures.makeHandler(store: store)
        let order = OrderID(UUID())
        let placement = Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: order)
        _ = try handler.handle(placement)
        let answers = try #require(try handler.handle(together: [placement, Fixtures.envelope(.shipOrder(trackingNumber: nil), for: order)]))
        #expect(answers == [.duplicate(version: 1), .rejected(.invalidTransition(from: .pending, command: .shipOrder))])
    }
}

/// An in-memory store that cannot write appends together (the protocol's default), as a store would
/// decline a batch that raced another writer.
final class DecliningStore: OrderEventStore {
    private let inner = InMemoryOrderEventStore()
    func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }
    func append(_ append: StreamAppend) throws -> AppendOutcome { try inner.append(append) }
}
