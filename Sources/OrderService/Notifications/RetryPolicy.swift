/// When a failed notification is tried again, and when it is given up: exponential backoff with jitter,
/// up to a number of attempts.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts before a notification goes dead (§9: 8 by default).
    public let maximumAttempts: Int
    /// The wait after the first failure, before jitter.
    public let baseDelaySeconds: Double
    /// The longest wait, before jitter.
    public let maximumDelaySeconds: Double

    /// §9's default: 8 attempts, waits from 1 s doubling up to an hour.
    public static let standard = RetryPolicy(maximumAttempts: 8)

    /// A policy; `maximumAttempts` is at least 1.
    public init(maximumAttempts: Int, baseDelaySeconds: Double = 1, maximumDelaySeconds: Double = 3_600) {
        precondition(maximumAttempts >= 1, "a notification needs at least one attempt")
        self.maximumAttempts = maximumAttempts
        self.baseDelaySeconds = baseDelaySeconds
        self.maximumDelaySeconds = maximumDelaySeconds
    }

    /// What to record after attempt number `attempt` (from 1) ended in `outcome`; `jitter` is a number in
    /// [0, 1) drawn for this decision.
    public func decision(after outcome: MailSendingOutcome, attempt: Int, jitter: Double) -> DeliveryDecision {
        switch outcome {
        case let .accepted(reply): return .sent(reply: reply)
        case let .permanentFailure(reason): return .dead(error: reason)
        case let .temporaryFailure(reason):
            guard attempt < maximumAttempts else { return .dead(error: "\(reason) (attempt \(attempt) of \(maximumAttempts), giving up)") }
            return .retry(error: reason, retryAfterSeconds: delay(afterAttempt: attempt, jitter: jitter))
        }
    }

    /// The wait after failed attempt number `attempt`: base × 2^(attempt − 1), capped, of which the upper
    /// half is jittered ("equal jitter"), so runners that failed together spread out, yet none retries at
    /// once.
    public func delay(afterAttempt attempt: Int, jitter: Double) -> Double {
        let exponent = min(max(attempt - 1, 0), 40)
        let ceiling = min(maximumDelaySeconds, baseDelaySeconds * Double(1 << exponent))
        return ceiling / 2 + ceiling / 2 * min(max(jitter, 0), 1)
    }
}
