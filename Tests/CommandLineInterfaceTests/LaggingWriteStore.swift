import Glibc
import OrderDomain
import OrderProjections
import OrderService
import Synchronization

/// An in-memory store whose batch writes lag: each waits until the next batch has read its stream
/// versions (or a second has passed, for the last batch), so that every batch is decided while the one
/// before it is still unwritten, however fast the machine.
final class LaggingWriteStore: InMemoryForwarding, @unchecked Sendable {
    // Unchecked: the inner store locks, and so does the count of version reads.
    let inner = InMemoryOrderEventStore()
    private let versionReads = Mutex(0)

    func versions(of orderIDs: [OrderID]) throws -> [OrderID: Int] {
        let versions = try inner.versions(of: orderIDs)
        versionReads.withLock { $0 += 1 }
        return versions
    }

    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        let readsBefore = versionReads.withLock { $0 }
        for _ in 0..<1_000 where versionReads.withLock({ $0 }) == readsBefore { usleep(1_000) }
        return try inner.append(together: appends)
    }
}
