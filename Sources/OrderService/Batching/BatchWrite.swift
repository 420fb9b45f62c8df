import Dispatch
import Synchronization

/// One batch's write, finished or under way on a `BackgroundBatchWriter`: `outcome()` waits for it.
///
/// The outcome sits behind a mutex and the wait is a dispatch group, so the compiler checks that the
/// write can cross threads; nothing here is shared without a lock.
public final class BatchWrite: Sendable {
    private let finished = DispatchGroup()
    private let result = Mutex<Result<BatchAppendOutcome, any Error>?>(nil)

    /// A write still under way; the writer calls `finish(with:)` once. The group is entered here and
    /// left there, so the writer must keep this write alive until then (its queued closure does):
    /// a group released while entered is a crash in libdispatch.
    init() {
        finished.enter()
    }

    /// A write already done (or failed).
    public init(finished result: Result<BatchAppendOutcome, any Error>) {
        self.result.withLock { $0 = result }
    }

    /// Records how the write ended and wakes whoever waits for it.
    func finish(with outcome: Result<BatchAppendOutcome, any Error>) {
        result.withLock { $0 = outcome }
        finished.leave()
    }

    /// How the write ended, once it has; throws what the write threw.
    public func outcome() throws -> BatchAppendOutcome {
        finished.wait()
        return try result.withLock { $0! }.get()
    }
}
