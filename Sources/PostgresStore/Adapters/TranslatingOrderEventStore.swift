import OrderDomain
import OrderProjections
import OrderService

/// The PostgreSQL event store behind the handler's port: the same calls, with failures in the port's terms.
final class TranslatingOrderEventStore: OrderEventStore {
    private let store: PostgresOrderEventStore

    init(_ store: PostgresOrderEventStore) {
        self.store = store
    }

    func events(in orderID: OrderID) throws -> [RecordedEvent] { try translatingFailures { try store.events(in: orderID) } }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try translatingFailures { try store.command(commandID) } }
    func append(_ append: StreamAppend) throws -> AppendOutcome { try translatingFailures { try store.append(append) } }
    func view(of orderID: OrderID) throws -> OrderView? { try translatingFailures { try store.view(of: orderID) } }
    func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] { try translatingFailures { try store.versions(of: orderIDs) } }
    func commands(_ commandIDs: [CommandID]) throws -> [CommandID: CommandRecord] { try translatingFailures { try store.commands(commandIDs) } }
    func events(in orderIDs: [OrderID]) throws -> [OrderID: [RecordedEvent]] { try translatingFailures { try store.events(in: orderIDs) } }
    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome { try translatingFailures { try store.append(together: appends) } }
    func head(of orderID: OrderID) throws -> StreamHead { try translatingFailures { try store.head(of: orderID) } }
    func heads(at versions: [OrderID: Int]) throws -> [OrderID: StreamHead] { try translatingFailures { try store.heads(at: versions) } }
}
