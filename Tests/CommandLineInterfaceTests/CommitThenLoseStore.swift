import OrderDomain
import OrderProjections
import OrderService
import Synchronization

/// A store whose first append to one order commits and then fails as a lost connection would: the commit
/// happened, its answer never arrived.
final class CommitThenLoseStore: InMemoryForwarding, @unchecked Sendable {
    // Unchecked: the inner store locks, and so does the flag.
    let inner: InMemoryOrderEventStore
    private let losing: OrderID
    private let lost = Mutex(false)

    init(inner: InMemoryOrderEventStore, losingTheAnswerFor losing: OrderID) {
        self.inner = inner
        self.losing = losing
    }

    func append(_ append: StreamAppend) throws -> AppendOutcome {
        let outcome = try inner.append(append)
        let loseNow = append.orderID == losing && lost.withLock { lost in
            defer { lost = true }
            return !lost
        }
        if loseNow { throw StoreFailure(.connectionLost, "committing on purpose: server closed the connection unexpectedly") }
        return outcome
    }
}
