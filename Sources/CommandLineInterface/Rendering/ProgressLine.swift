import OrderProjections

/// The text of one progress report: a bar for a terminal, a plain line for a log.
enum ProgressLine {
    /// `orders v2  [#########...........]  45%  13,500/30,000 events  8,120 events/s  ETA 2s`.
    static func text(_ progress: RebuildProgress, elapsedSeconds: Double, bar: Bool) -> String {
        let name = "\(progress.readModel.name) v\(progress.readModel.currentVersion)"
        switch progress.phase {
        case .waiting:
            let blocking = progress.blockingTransaction.map { "transaction \($0.transactionID) (pid \($0.processID), \($0.state), open \(seconds($0.seconds)))" }
            return "\(name)  built \(grouped(progress.eventsDone)) events; waiting for \(blocking ?? "an open transaction") to end: "
                + "events committed before the rebuild began sit behind it"
        case .verifying: return "\(name)  verifying \(grouped(progress.eventsDone)) events against the log"
        case .catchingUp: return "\(name)  catching up: \(grouped(progress.eventsDone)) events, the newest written during the verification"
        case .switching: return "\(name)  switching: holding appends back while the last events are projected"
        case .done: return "\(name)  live: \(grouped(progress.eventsDone)) events in \(seconds(elapsedSeconds))"
        case .building: break
        }
        let total = max(progress.eventsTotal, progress.eventsDone)
        let fraction = total == 0 ? 1 : Double(progress.eventsDone) / Double(total)
        let rate = elapsedSeconds > 0 ? Double(progress.eventsDone) / elapsedSeconds : 0
        let remaining = rate > 0 ? Double(total - progress.eventsDone) / rate : nil
        var parts = [name]
        if bar {
            let filled = Int((fraction * 30).rounded(.down))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "]")
        }
        parts.append("\(Int((fraction * 100).rounded(.down)))%")
        parts.append("\(grouped(progress.eventsDone))/\(grouped(total)) events")
        parts.append("\(grouped(Int(rate.rounded()))) events/s")
        parts.append("ETA " + (remaining.map(seconds) ?? "?"))
        return parts.joined(separator: "  ")
    }

    /// 12,345.
    static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text += "," }
            text.append(digit)
        }
        return (number < 0 ? "-" : "") + text
    }

    /// 0.4s, 12s, 3m05s.
    static func seconds(_ value: Double) -> String {
        if value < 10 { return String(Double(Int(value * 10)) / 10) + "s" }
        let whole = Int(value.rounded())
        if whole < 60 { return "\(whole)s" }
        let remainder = whole % 60
        return "\(whole / 60)m" + (remainder < 10 ? "0" : "") + "\(remainder)s"
    }
}
