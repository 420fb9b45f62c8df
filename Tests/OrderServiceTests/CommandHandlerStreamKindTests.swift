import Foundation
import OrderDomain
import OrderProjections
import OrderService
import Testing

/// An id names one stream of one kind for good: the order handler refuses an order command on a
/// customer's stream, alone or in a batch, after the expected-version check and without writing.
@Suite("Command handler on a customer's stream (in-memory store)")
struct CommandHandlerStreamKindTests {
    typealias Fixtures = CommandHandlerTests

    /// One command of each kind; on a stream that is an order's, most would be refused as
    /// order_not_found, which must not be what a customer's stream answers.
    static let everyKindOfCommand: [OrderCommand] = [
        .placeOrder(customer: Fixtures.customer, currency: .eur),
        Fixtures.addItem(),
        .removeItem(product: ProductID(UUID()), quantity: nil),
        .confirmOrder,
        .shipOrder(trackingNumber: nil),
        .deliverOrder,
        .cancelOrder(reason: "changed my mind"),
    ]

    /// A store where a fresh id is a customer's stream at version 2.
    static func storeWithCustomerStream() -> (InMemoryOrderEventStore, OrderID) {
        let store = InMemoryOrderEventStore()
        let customerStream = OrderID(UUID())
        store.markCustomerStream(customerStream, version: 2)
        return (store, customerStream)
    }

    /// Checks that no order event, read model or command record was written for `stream`.
    static func expectNothingWritten(to stream: OrderID, by commandIDs: [CommandID], in store: InMemoryOrderEventStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try store.events(in: stream).isEmpty, sourceLocation: sourceLocation)
        #expect(try store.view(of: stream) == nil, sourceLocation: sourceLocation)
        for commandID in commandIDs {
            #expect(try store.command(commandID) == nil, sourceLocation: sourceLocation)
        }
    }

    @Test("every order command on a customer's stream is refused as wrong_stream_kind, with nothing written", arguments: everyKindOfCommand)
    func refusedOneByOne(command: OrderCommand) throws {
        let (store, customerStream) = Self.storeWithCustomerStream()
        let envelope = Fixtures.envelope(command, for: customerStream)
        #expect(try Fixtures.makeHandler(store: store).handle(envelope) == .rejected(.wrongStreamKind))
        #expect(OrderRejection.wrongStreamKind.code == "wrong_stream_kind")
        try Self.expectNothingWritten(to: customerStream, by: [envelope.commandID], in: store)
        #expect(store.allEvents.isEmpty)
    }

    @Test("the expected-version check comes first: a stale expectedVersion answers conflict, the right one wrong_stream_kind")
    func conflictWins() throws {
        let (store, customerStream) = Self.storeWithCustomerStream()
        let handler = Fixtures.makeHandler(store: store)
        let placement = OrderCommand.placeOrder(customer: Fixtures.customer, currency: .eur)
        #expect(try handler.handle(Fixtures.envelope(placement, for: customerStream, expectedVersion: 0))
            == .conflict(expected: 0, actual: 2, retriesExhausted: false))
        #expect(try handler.handle(Fixtures.envelope(.confirmOrder, for: customerStream, expectedVersion: 5))
            == .conflict(expected: 5, actual: 2, retriesExhausted: false))
        #expect(try handler.handle(Fixtures.envelope(placement, for: customerStream, expectedVersion: 2)) == .rejected(.wrongStreamKind))
        #expect(store.allEvents.isEmpty)
    }

    @Test("a command id an order used is answered before the stream kind: commandIDReused on the customer's stream")
    func commandIDBeforeStreamKind() throws {
        let (store, customerStream) = Self.storeWithCustomerStream()
        let handler = Fixtures.makeHandler(store: store)
        let id = CommandID(UUID())
        _ = try handler.handle(Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: OrderID(UUID()), id: id))
        #expect(try handler.handle(Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: customerStream, id: id)) == .commandIDReused)
        try Self.expectNothingWritten(to: customerStream, by: [], in: store)
    }

    /// Orders placed and filled around commands on a customer's stream: one stale, the others refused.
    static func mixedBatch(orders: [OrderID], customerStream: OrderID) -> [CommandEnvelope] {
        [
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: orders[0]),
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: customerStream),
            Fixtures.envelope(Fixtures.addItem("2.50"), for: orders[0]),
            Fixtures.envelope(Fixtures.addItem("2.50"), for: customerStream),
            Fixtures.envelope(.confirmOrder, for: customerStream, expectedVersion: 5),
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .usd), for: orders[1], expectedVersion: 0),
            Fixtures.envelope(.cancelOrder(reason: nil), for: customerStream, expectedVersion: 2),
        ]
    }

    @Test("in a batch, commands on a customer's stream are refused in place while the orders around them are written")
    func refusedInABatch() throws {
        let (store, customerStream) = Self.storeWithCustomerStream()
        let orders = [OrderID(UUID()), OrderID(UUID())]
        let batch = Self.mixedBatch(orders: orders, customerStream: customerStream)
        let outcomes = try #require(try Fixtures.makeHandler(store: store).handle(together: batch), "the batch was declined")

        #expect(outcomes.count == batch.count)
        #expect(outcomes[1] == .rejected(.wrongStreamKind))
        #expect(outcomes[3] == .rejected(.wrongStreamKind))
        #expect(outcomes[4] == .conflict(expected: 5, actual: 2, retriesExhausted: false))
        #expect(outcomes[6] == .rejected(.wrongStreamKind))
        for index in [0, 2, 5] {
            guard case .accepted = outcomes[index] else {
                Issue.record("command \(index) was not accepted: \(outcomes[index])")
                continue
            }
        }
        #expect(try store.events(in: orders[0]).map(\.version) == [1, 2])
        #expect(try store.events(in: orders[1]).map(\.version) == [1])
        try Self.expectNothingWritten(to: customerStream, by: [1, 3, 4, 6].map { batch[$0].commandID }, in: store)
    }

    @Test("a batch answers as handling its commands one by one would, on a customer's stream too")
    func batchMatchesOneByOne() throws {
        let orders = [OrderID(UUID()), OrderID(UUID())]
        let (alone, customerStream) = Self.storeWithCustomerStream()
        let together = InMemoryOrderEventStore()
        together.markCustomerStream(customerStream, version: 2)
        let batch = Self.mixedBatch(orders: orders, customerStream: customerStream)

        let oneByOne = try batch.map { try Fixtures.makeHandler(store: alone).handle($0) }
        let batched = try #require(try Fixtures.makeHandler(store: together).handle(together: batch))
        #expect(CommandHandlerBatchTests.shapes(batched) == CommandHandlerBatchTests.shapes(oneByOne))
    }

    @Test("the head a batch keeps of a customer's stream still says so: the same handler refuses the stream again, in a batch and alone")
    func keptHeadStillRefuses() throws {
        let (store, customerStream) = Self.storeWithCustomerStream()
        let handler = Fixtures.makeHandler(store: store)
        let order = OrderID(UUID())
        _ = try #require(try handler.handle(together: [
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: order),
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: customerStream),
        ]))
        let again = try #require(try handler.handle(together: [
            Fixtures.envelope(Fixtures.addItem(), for: order),
            Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: customerStream),
        ]))
        #expect(again[1] == .rejected(.wrongStreamKind))
        #expect(try handler.handle(Fixtures.envelope(.placeOrder(customer: Fixtures.customer, currency: .eur), for: customerStream)) == .rejected(.wrongStreamKind))
        try Self.expectNothingWritten(to: customerStream, by: [], in: store)
    }
}
