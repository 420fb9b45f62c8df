import Dispatch

/// Writes batch plans on a thread and a connection of its own, one after another, so that `submit`
/// reads and decides the next batch while this one commits: the client's work and the server's then
/// overlap on two cores instead of taking turns.
///
/// The store is opened by the first write, so a run that never writes a batch together (one command
/// typed at a time) opens no second connection.
public final class BackgroundBatchWriter: @unchecked Sendable {
    // Unchecked: `store` and `openStore` are used only on `queue`, which runs one write at a time.
    private let queue = DispatchQueue(label: "orderctl.batch-writer")
    private let openStore: () throws -> any OrderEventStore
    private var store: (any OrderEventStore)?

    /// A writer whose first write opens its store with `openStore`.
    public init(openingStore openStore: @escaping () throws -> any OrderEventStore) {
        self.openStore = openStore
    }

    /// Starts writing a plan's appends in one transaction; the returned write gives the outcome.
    public func start(_ plan: BatchPlan) -> BatchWrite {
        guard !plan.writesNothing else { return BatchWrite(finished: .success(.appended([]))) }
        let write = BatchWrite()
        queue.async {
            write.finish(with: Result { try plan.write(to: self.openedStore()) })
        }
        return write
    }

    private func openedStore() throws -> any OrderEventStore {
        if let store { return store }
        let opened = try openStore()
        store = opened
        return opened
    }
}
