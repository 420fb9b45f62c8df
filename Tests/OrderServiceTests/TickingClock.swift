import OrderDomain

/// A clock that moves one second each time it is read.
final class TickingClock: @unchecked Sendable {
    private var now: Int64
    init(start: Int64) { now = start }
    func read() -> Timestamp {
        defer { now += 1_000_000 }
        return Timestamp(microsecondsSinceEpoch: now)
    }
}
