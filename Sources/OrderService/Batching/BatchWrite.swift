import Dispatch
import OrderService

/// One batch's write, finished or under way on a `BackgroundBatchWriter`: `outcome()` waits for it.
public final class BatchWrite: @unchecked Sendable {
    // Unchecked: `result` is set once, before `finished` is signalled, and read only after waiting on it;
    // `waited` is touched only by the one thread that asks for the outcome.
    private let finished = DispatchSemaphore(value: 0)
    private var result: Result<BatchAppendOutcome, any Error>?
    private var waited = false

    /// A write still under way; the writer calls `finish(with:)`.
    init() {}

    /// A write already done (or failed).
    public convenience init(finished result: Result<BatchAppendOutcome, any Error>) {
        self.init()
        finish(with: result)
    }

    func finish(with result: Result<BatchAppendOutcome, any Error>) {
        self.result = result
        finished.signal()
    }

    /// How the write ended, once it has; throws what the write threw.
    public func outcome() throws -> BatchAppendOutcome {
        if !waited {
            finished.wait()
            waited = true
        }
        return try result!.get()
    }
}
