import OrderDomain
import OrderProjections
import OrderService

/// An in-memory store where a rival writer acts just before the first batch of appends is written, so
/// that batch is declined after the next batch was already decided on top of it.
final class RivalBeforeBatchStore: InMemoryForwarding, @unchecked Sendable {
    // Unchecked: the inner store locks; `rival` is taken once, by whichever thread writes the first batch.
    let inner = InMemoryOrderEventStore()
    private var rival: ((InMemoryOrderEventStore) throws -> Void)?

    /// A store whose first `append(together:)` runs `rival` on the stored events first.
    init(rival: @escaping (InMemoryOrderEventStore) throws -> Void) { self.rival = rival }

    func append(together appends: [StreamAppend]) throws -> BatchAppendOutcome {
        if let rival {
            self.rival = nil
            try rival(inner)
        }
        return try inner.append(together: appends)
    }
}
