import OrderDomain
import OrderProjections
import OrderService

/// An in-memory store where, once armed, a rival writer slips an item in just before each of the next appends.
final class RacingStore: OrderEventStore {
    private let inner = InMemoryOrderEventStore()
    private var lossesLeft: Int
    private var armed = false

    init(losses: Int) { lossesLeft = losses }
    func arm() { armed = true }

    func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }

    func append(_ append: StreamAppend) throws -> AppendOutcome {
        if armed, lossesLeft > 0 {
            lossesLeft -= 1
            let rival = CommandHandlerTests.makeHandler(store: inner)
            _ = try rival.handle(CommandHandlerTests.envelope(CommandHandlerTests.addItem(), for: append.orderID))
        }
        return try inner.append(append)
    }
}
