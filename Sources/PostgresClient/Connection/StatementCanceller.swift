import CLibPQ
import Dispatch
import Synchronization

/// Cancels what a session is running once a deadline passes, from a timer thread, unless the work ended.
///
/// `statement_timeout` cannot bound a commit's wait for the synchronous standby: the server turns the
/// timeout off before it commits. A cancel request can, and makes the server end the wait with its
/// "not confirmed" warning. libpq's cancel object is made for use from another thread.
final class StatementCanceller: Sendable {
    /// libpq's cancel object; freed only once the timer can no longer use it.
    private nonisolated(unsafe) let cancel: OpaquePointer?
    /// Whether the work ended: after that, the timer must not cancel whatever the session runs next.
    private let ended = Mutex(false)

    /// Arms a cancel of `connection`'s current statement after `seconds`.
    init(connection: OpaquePointer, seconds: Double) {
        cancel = PQgetCancel(connection)
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) { [self] in
            ended.withLock { ended in
                guard !ended, let cancel else { return }
                var reason = [CChar](repeating: 0, count: 256)
                _ = PQcancel(cancel, &reason, Int32(reason.count))
            }
        }
    }

    /// Disarms the cancel; the timer holds this object until it fires and then does nothing.
    func disarm() {
        ended.withLock { $0 = true }
    }

    deinit {
        if let cancel { PQfreeCancel(cancel) }
    }
}
