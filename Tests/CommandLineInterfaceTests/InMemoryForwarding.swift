import OrderDomain
import OrderProjections
import OrderService

/// A test store that answers from an in-memory twin wherever it does not say otherwise: each
/// conforming store writes only the members whose behaviour it changes.
protocol InMemoryForwarding: OrderEventStore {
    var inner: InMemoryOrderEventStore { get }
}

extension InMemoryForwarding {
    func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }
    func append(_ append: StreamAppend) throws -> AppendOutcome { try inner.append(append) }
}
