import OrderService

/// `notify run`'s progress on a terminal: one line redrawn in place with the send rate, what is pending
/// and what failed. Off a terminal it stays quiet: a runner's log gets its summary line at the end.
final class DeliveryProgress {
    private let onTerminal: Bool
    private let clock: () -> Double
    private let started: Double
    private var lastShown = -Double.infinity
    private var lastStatusRead = -Double.infinity
    private var pending: Int?
    private var drawn = false

    init(onTerminal: Bool = StandardStreams.standardErrorIsTerminal, clock: @escaping () -> Double = MonotonicClock.seconds) {
        self.onTerminal = onTerminal
        self.clock = clock
        self.started = clock()
    }

    /// Redraws the line at most ten times a second, reading the outbox's pending count once a second.
    func show(_ tally: DeliveryTally, status: () -> NotificationStatus?) {
        guard onTerminal else { return }
        let now = clock()
        guard now - lastShown >= 0.1 else { return }
        lastShown = now
        if now - lastStatusRead >= 1, let status = status() {
            lastStatusRead = now
            pending = status.count(.pending) + status.count(.failed)
        }
        let rate = Double(tally.sent) / max(now - started, 0.001)
        let line = "sent \(ProgressLine.grouped(tally.sent)) (\(ProgressLine.grouped(Int(rate.rounded())))/s), pending \(pending.map(ProgressLine.grouped) ?? "?"), "
            + "failed \(ProgressLine.grouped(tally.failed)), dead \(ProgressLine.grouped(tally.dead)), skipped \(ProgressLine.grouped(tally.skipped))"
        StandardStreams.write("\r\u{1B}[K" + line, to: .error)
        drawn = true
    }

    /// Ends the line, so what follows starts on its own.
    func finish() {
        if drawn { StandardStreams.write("\n", to: .error) }
        drawn = false
    }
}
