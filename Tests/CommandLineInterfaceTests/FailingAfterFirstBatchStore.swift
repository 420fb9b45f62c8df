import OrderDomain
import OrderProjections
import OrderService
import Synchronization

/// A store that writes the first batch handed to it and then fails as a lost connection would.
final class FailingAfterFirstBatchStore: InMemoryForwarding, @unchecked Sendable {
    // Unchecked: the inner store locks, and so does the count of writes.
    let inner: InMemoryOrderEventStore
    private let writes = Mutex(0)

    init(inner: InMemoryOrderEventStore) { self.inner = inner }

    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        let earlier = writes.withLock { count in
            defer { count += 1 }
            return count
        }
        guard earlier == 0 else {
            throw StoreFailure(.connectionLost, "appending on purpose: server closed the connection unexpectedly")
        }
        return try inner.append(together: appends)
    }
}
