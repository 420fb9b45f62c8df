import OrderDomain
import OrderProjections
import OrderService
import PostgresStore
import Synchronization

/// A store that writes the first batch handed to it and then fails as a lost connection would.
final class FailingAfterFirstBatchStore: OrderEventStore, @unchecked Sendable {
    // Unchecked: the inner store locks, and so does the count of writes.
    private let inner: InMemoryOrderEventStore
    private let writes = Mutex(0)

    init(inner: InMemoryOrderEventStore) { self.inner = inner }

    func events(in orderID: OrderID) throws -> [RecordedEvent] { try inner.events(in: orderID) }
    func command(_ commandID: CommandID) throws -> CommandRecord? { try inner.command(commandID) }
    func view(of orderID: OrderID) throws -> OrderView? { try inner.view(of: orderID) }
    func append(_ append: StreamAppend) throws -> AppendOutcome { try inner.append(append) }

    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        let earlier = writes.withLock { count in
            defer { count += 1 }
            return count
        }
        guard earlier == 0 else {
            throw PostgresError(kind: .connectionLost, message: "server closed the connection unexpectedly", context: "appending on purpose")
        }
        return try inner.append(together: appends)
    }
}
