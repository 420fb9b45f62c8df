/// The last line `notify run` writes to standard error:
/// `notify run: 3 sent, 1 skipped, 0 failed for now, 0 dead; 5 events read`.
struct NotifyRunSummary: Equatable {
    var sent: Int
    var skipped: Int
    var failed: Int
    var dead: Int
    var eventsRead: Int

    /// Nil when `standardError` has no such line.
    init?(standardError: String) {
        guard let line = standardError.split(separator: "\n").last(where: { $0.hasPrefix("notify run: ") }) else { return nil }
        // The numbers in the order the line gives them.
        let numbers = line.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard numbers.count == 5 else { return nil }
        (sent, skipped, failed, dead, eventsRead) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
    }

    init(sent: Int = 0, skipped: Int = 0, failed: Int = 0, dead: Int = 0, eventsRead: Int) {
        (self.sent, self.skipped, self.failed, self.dead, self.eventsRead) = (sent, skipped, failed, dead, eventsRead)
    }
}
