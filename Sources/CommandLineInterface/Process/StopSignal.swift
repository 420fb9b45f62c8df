#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT and SIGTERM turned into a request to stop after the current transaction, and a descriptor a
/// wait can poll so that a sleeping follower wakes at once.
///
/// The handler only writes one byte to a pipe: the one thing a signal handler may safely do here.
enum StopSignal {
    nonisolated(unsafe) private static var pipeEnds: (read: Int32, write: Int32) = (-1, -1)
    nonisolated(unsafe) private static var received = false

    /// Installs the handlers (once); returns the descriptor that becomes readable on a signal.
    @discardableResult
    static func install() -> Int32 {
        if pipeEnds.read >= 0 { return pipeEnds.read }
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return -1 }
        for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        pipeEnds = (ends[0], ends[1])
        let handler: @convention(c) (Int32) -> Void = { _ in
            var byte: UInt8 = 1
            _ = write(StopSignal.pipeEnds.write, &byte, 1)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        // A parent may have started us with these signals blocked (the mask is inherited); unblock them.
        var wanted = sigset_t()
        sigemptyset(&wanted)
        sigaddset(&wanted, SIGINT)
        sigaddset(&wanted, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &wanted, nil)
        return pipeEnds.read
    }

    /// Whether a stop was asked for since `install()`.
    static var isRequested: Bool {
        if received { return true }
        var byte: UInt8 = 0
        if pipeEnds.read >= 0, read(pipeEnds.read, &byte, 1) == 1 { received = true }
        return received
    }

    /// Sleeps up to `seconds`, waking at once when a stop is asked for (`descriptor` is `install()`'s).
    static func sleep(seconds: Double, wakingOn descriptor: Int32) {
        var watched = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        _ = poll(&watched, 1, Int32(seconds * 1_000))
    }
}
