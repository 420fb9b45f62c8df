/// Counts per status, for the summary `submit` writes to standard error.
public struct SubmitSummary: Equatable, Sendable {
    /// How many lines ended in each status.
    public private(set) var counts: [SubmitResult.Status: Int] = [:]

    /// An empty summary.
    public init() {}

    /// Counts one result.
    public mutating func record(_ status: SubmitResult.Status) {
        counts[status, default: 0] += 1
    }

    /// Lines with a result.
    public var total: Int { counts.values.reduce(0, +) }

    /// True when every line was accepted or a duplicate (exit status 0).
    public var everythingApplied: Bool {
        total == (counts[.accepted] ?? 0) + (counts[.duplicate] ?? 0)
    }

    /// "12 lines: 9 accepted, 1 duplicate, 1 rejected, 0 conflict, 1 invalid in 0.21 s".
    public func line(elapsedSeconds: Double) -> String {
        let parts = SubmitResult.Status.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        let seconds = (elapsedSeconds * 100).rounded() / 100
        return "\(total) \(total == 1 ? "line" : "lines"): \(parts) in \(seconds) s"
    }
}
