import FoundationEssentials
import Synchronization

/// Version 4 UUIDs from the system's random source, drawn 4 KiB at a time.
///
/// Foundation's `UUID()` opens and reads `/dev/urandom` for every id; `submit` makes one per event and
/// one per line without a `commandId`, and that system call pair was 6% of its time.
public final class RandomUUIDSource: @unchecked Sendable {
    private let lock = Mutex(())
    private var pool = [UInt8](repeating: 0, count: 4096)
    private var used = 4096

    /// A source whose first id draws the first pool.
    public init() {}

    /// A fresh random UUID (RFC 9562 version 4, variant 10).
    public func next() -> UUID {
        lock.withLock { _ in nextUnderLock() }
    }

    /// `next()`'s work; the caller holds the lock.
    private func nextUnderLock() -> UUID {
        if used + 16 > pool.count { refill() }
        var bytes = (
            pool[used], pool[used + 1], pool[used + 2], pool[used + 3], pool[used + 4], pool[used + 5], pool[used + 6], pool[used + 7],
            pool[used + 8], pool[used + 9], pool[used + 10], pool[used + 11], pool[used + 12], pool[used + 13], pool[used + 14], pool[used + 15]
        )
        used += 16
        bytes.6 = (bytes.6 & 0x0F) | 0x40
        bytes.8 = (bytes.8 & 0x3F) | 0x80
        return UUID(uuid: bytes)
    }

    private func refill() {
        var generator = SystemRandomNumberGenerator()
        pool.withUnsafeMutableBytes { raw in
            for index in stride(from: 0, to: raw.count, by: 8) {
                raw.storeBytes(of: generator.next() as UInt64, toByteOffset: index, as: UInt64.self)
            }
        }
        used = 0
    }
}
