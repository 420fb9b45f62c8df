import Foundation

/// Collects what a child process writes to a pipe on a background thread, so the child never blocks
/// on a full pipe and a test can wait for its first lines while it runs.
final class StreamWatcher: @unchecked Sendable {
    private let lock = NSLock()
    private var text = ""
    private let ended = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                lock.withLock { text += String(decoding: chunk, as: UTF8.self) }
            }
            ended.signal()
        }
    }

    /// Waits until at least `count` complete lines arrived; false when the time ran out.
    func waitForLines(_ count: Int, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lock.withLock({ text.filter { $0 == "\n" }.count }) >= count { return true }
            usleep(10_000)
        }
        return false
    }

    /// Everything written, once the pipe closed.
    func finish() -> String {
        ended.wait()
        return lock.withLock { text }
    }
}
