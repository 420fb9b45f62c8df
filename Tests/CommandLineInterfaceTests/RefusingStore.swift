import OrderDomain
import OrderProjections
import OrderService
import PostgresStore

/// An in-memory store whose appends to one order fail the way PostgreSQL would refuse them.
final class RefusingStore: OrderEventStore {
    private let inner = InMemoryOrderEventStore()
    private let refused: OrderID
    private let sqlState: SQLState

    init(refusing refused: OrderID, sqlState: SQLState = SQLState(rawValue: "22P05")) {
        self.refused = refused
        self.sqlState = sqlState
    }

    func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }

    func append(_ append: StreamAppend) throws -> AppendOutcome {
        guard append.orderID != refused else {
            throw PostgresError(kind: .statementFailed, sqlState: sqlState, message: "refused on purpose", context: "appending to stream \(refused)")
        }
        return try inner.append(append)
    }
}
