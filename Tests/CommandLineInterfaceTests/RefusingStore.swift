import PostgresClient
import OrderDomain
import OrderProjections
import OrderService
import PostgresStore

/// An in-memory store whose appends to one order fail the way PostgreSQL would refuse them.
final class RefusingStore: InMemoryForwarding {
    let inner = InMemoryOrderEventStore()
    private let refused: OrderID
    private let sqlState: SQLState

    init(refusing refused: OrderID, sqlState: SQLState = SQLState(rawValue: "22P05")) {
        self.refused = refused
        self.sqlState = sqlState
    }

    func append(_ append: StreamAppend) throws -> AppendOutcome {
        guard append.orderID != refused else {
            throw PostgresError(kind: .statementFailed, sqlState: sqlState, message: "refused on purpose", context: "appending to stream \(refused)")
        }
        return try inner.append(append)
    }
}
