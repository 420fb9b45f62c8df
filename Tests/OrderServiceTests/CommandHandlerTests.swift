import Foundation
import JSONCoding
import OrderDomain
import OrderProjections
import OrderService
import Testing

@Suite("Command handler (in-memory store)")
struct CommandHandlerTests {
    static let customer = CustomerID(UUID())

    /// A handler on a fresh in-memory store with a clock that ticks one second per reading.
    static func makeHandler(store: any OrderEventStore = InMemoryOrderEventStore(), start: Int64 = 1_700_000_000_000_000, maximumAttempts: Int = 8)
        -> CommandHandler
    {
        let clock = TickingClock(start: start)
        return CommandHandler(store: store, clock: clock.read, makeEventID: { EventID(UUID()) }, maximumAttempts: maximumAttempts)
    }

    static func envelope(_ command: OrderCommand, for order: OrderID, id: CommandID = CommandID(UUID()), expectedVersion: Int? = nil) -> CommandEnvelope {
        CommandEnvelope(commandID: id, orderID: order, command: command, expectedVersion: expectedVersion, metadata: ["user": "alice"])
    }

    static func addItem(_ price: String = "10.00") -> OrderCommand {
        guard case let .success(amount) = DecimalAmount.parse(price) else { fatalError() }
        return .addItem(product: ProductID(UUID()), quantity: 1, unitPrice: amount, currency: nil)
    }

    @Test("an accepted command appends one event with the command id in its metadata and updates the view")
    func accepted() throws {
        let store = InMemoryOrderEventStore()
        let handler = Self.makeHandler(store: store)
        let order = OrderID(UUID())
        let placement = Self.envelope(.placeOrder(customer: Self.customer, currency: .usd), for: order)
        guard case let .accepted(version, events) = try handler.handle(placement) else {
            Issue.record("not accepted")
            return
        }
        #expect(version == 1)
        #expect(events.count == 1)
        #expect(events[0].metadata["commandId"] == .string(placement.commandID.description))
        #expect(events[0].metadata["user"] == "alice")
        #expect(try store.view(of: order)?.order.currency == .usd)
    }

    @Test("a rejected command writes nothing")
    func rejectedWritesNothing() throws {
        let store = InMemoryOrderEventStore()
        let order = OrderID(UUID())
        #expect(try Self.makeHandler(store: store).handle(Self.envelope(.confirmOrder, for: order)) == .rejected(.orderNotFound))
        #expect(store.allEvents.isEmpty)
        #expect(try store.view(of: order) == nil)
    }

    @Test("duplicate before conflict: a repeated line answers duplicate even with a stale expectedVersion")
    func duplicateBeforeConflict() throws {
        let handler = Self.makeHandler()
        let order = OrderID(UUID())
        let placement = Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: order, expectedVersion: 0)
        _ = try handler.handle(placement)
        _ = try handler.handle(Self.envelope(Self.addItem(), for: order))
        #expect(try handler.handle(placement) == .duplicate(version: 1))
    }

    @Test("conflict before business rules: a stale expectedVersion answers conflict, not a rejection")
    func conflictBeforeRules() throws {
        let handler = Self.makeHandler()
        let order = OrderID(UUID())
        _ = try handler.handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: order))
        #expect(try handler.handle(Self.envelope(.deliverOrder, for: order, expectedVersion: 5)) == .conflict(expected: 5, actual: 1, retriesExhausted: false))
        #expect(try handler.handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: OrderID(UUID()), expectedVersion: 1))
            == .conflict(expected: 1, actual: 0, retriesExhausted: false))
    }

    @Test("a command id reused for another command is refused")
    func reusedCommandID() throws {
        let handler = Self.makeHandler()
        let order = OrderID(UUID())
        let id = CommandID(UUID())
        _ = try handler.handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: order, id: id))
        #expect(try handler.handle(Self.envelope(.cancelOrder(reason: nil), for: order, id: id)) == .commandIDReused)
        #expect(try handler.handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: OrderID(UUID()), id: id)) == .commandIDReused)
    }

    @Test("a lost race without expectedVersion is retried and then accepted")
    func retriesLostRace() throws {
        let store = RacingStore(losses: 3)
        let handler = Self.makeHandler(store: store)
        let order = OrderID(UUID())
        _ = try handler.handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: order))
        store.arm()
        guard case let .accepted(version, _) = try handler.handle(Self.envelope(Self.addItem(), for: order)) else {
            Issue.record("not accepted after retries")
            return
        }
        // Each lost race let a rival's event in first.
        #expect(version == 5)
        #expect(try store.events(in: order).map(\.version) == [1, 2, 3, 4, 5])
    }

    @Test("a lost race with expectedVersion is a conflict at once, never retried")
    func noRetryWithExpectedVersion() throws {
        let store = RacingStore(losses: 1)
        let handler = Self.makeHandler(store: store)
        let order = OrderID(UUID())
        _ = try handler.handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: order))
        store.arm()
        #expect(try handler.handle(Self.envelope(Self.addItem(), for: order, expectedVersion: 1)) == .conflict(expected: 1, actual: 2, retriesExhausted: false))
    }

    @Test("writers that keep winning exhaust the bounded retries: conflict")
    func retriesExhausted() throws {
        let store = RacingStore(losses: 100)
        let handler = Self.makeHandler(store: store, maximumAttempts: 3)
        let order = OrderID(UUID())
        _ = try handler.handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: order))
        store.arm()
        guard case let .conflict(_, _, retriesExhausted) = try handler.handle(Self.envelope(Self.addItem(), for: order)) else {
            Issue.record("expected a conflict")
            return
        }
        #expect(retriesExhausted)
    }

    @Test("a stream's event times never run backwards, whatever the clock says")
    func monotonicTimes() throws {
        let store = InMemoryOrderEventStore()
        let order = OrderID(UUID())
        _ = try Self.makeHandler(store: store, start: 2_000_000_000_000_000).handle(Self.envelope(.placeOrder(customer: Self.customer, currency: .eur), for: order))
        // A second writer whose clock is an hour behind.
        _ = try Self.makeHandler(store: store, start: 2_000_000_000_000_000 - 3_600_000_000).handle(Self.envelope(Self.addItem(), for: order))
        let times = try store.events(in: order).map(\.occurredAt)
        #expect(times[1] >= times[0])
    }
}
