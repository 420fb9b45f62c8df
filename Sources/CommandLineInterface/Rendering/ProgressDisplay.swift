import OrderProjections

/// Shows rebuild progress on standard error: a live bar redrawn in place on a terminal, otherwise a
/// line every few seconds (and at each phase change) that reads well in a log.
final class ProgressDisplay {
    private let onTerminal: Bool
    private let clock: () -> Double
    private let logInterval: Double
    private var started: Double?
    private var lastShown = -Double.infinity
    private var lastPhase: RebuildProgress.Phase?

    /// `logInterval` seconds between lines when standard error is not a terminal.
    init(onTerminal: Bool = StandardStreams.standardErrorIsTerminal, logInterval: Double = 5, clock: @escaping () -> Double = MonotonicClock.seconds) {
        self.onTerminal = onTerminal
        self.logInterval = logInterval
        self.clock = clock
    }

    /// Reports one step; throttled so a fast rebuild is not slowed by its own display.
    func show(_ progress: RebuildProgress) {
        let now = clock()
        if lastPhase == nil || (lastPhase == .done && progress.phase == .building) { started = now }
        let phaseChanged = progress.phase != lastPhase
        lastPhase = progress.phase
        guard phaseChanged || now - lastShown >= (onTerminal ? 0.1 : logInterval) else { return }
        lastShown = now
        let line = ProgressLine.text(progress, elapsedSeconds: now - (started ?? now), bar: onTerminal)
        if onTerminal {
            StandardStreams.write("\r\u{1B}[K" + line + (progress.phase == .done ? "\n" : ""), to: .error)
        } else {
            StandardStreams.printLine(line, to: .error)
        }
    }

    /// Ends a bar left mid-line (after an error or an interruption).
    func interrupt() {
        if onTerminal, let lastPhase, lastPhase != .done { StandardStreams.write("\n", to: .error) }
    }
}
