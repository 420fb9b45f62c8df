import OrderService
import Testing

@Suite("Retry policy")
struct RetryPolicyTests {
    let policy = RetryPolicy(maximumAttempts: 4, baseDelaySeconds: 1, maximumDelaySeconds: 5)

    @Test("accepted is sent, 5xx is dead at once, 4xx is retried until the last attempt")
    func decisions() {
        #expect(policy.decision(after: .accepted(reply: "250 ok"), attempt: 1, jitter: 0) == .sent(reply: "250 ok"))
        #expect(policy.decision(after: .permanentFailure(reason: "554 no"), attempt: 1, jitter: 0) == .dead(error: "554 no"))
        #expect(policy.decision(after: .temporaryFailure(reason: "451 later"), attempt: 3, jitter: 0) == .retry(error: "451 later", retryAfterSeconds: 2))
        guard case let .dead(error) = policy.decision(after: .temporaryFailure(reason: "451 later"), attempt: 4, jitter: 0.5) else {
            Issue.record("the last attempt did not go dead")
            return
        }
        #expect(error.hasPrefix("451 later") && error.contains("attempt 4 of 4"), "\(error)")
    }

    @Test("waits double from the base up to the cap, and jitter moves them within their upper half only")
    func backoff() {
        #expect([1, 2, 3, 4, 5].map { policy.delay(afterAttempt: $0, jitter: 1) } == [1, 2, 4, 5, 5])
        #expect([1, 2, 3, 4, 5].map { policy.delay(afterAttempt: $0, jitter: 0) } == [0.5, 1, 2, 2.5, 2.5])
        for jitter in stride(from: 0.0, through: 1, by: 0.125) {
            let delay = policy.delay(afterAttempt: 3, jitter: jitter)
            #expect(delay >= 2 && delay <= 4, "jitter \(jitter) gave \(delay)")
        }
        // Far past the cap the exponent is bounded: no overflow, the cap holds.
        #expect(policy.delay(afterAttempt: 10_000, jitter: 1) == 5)
    }

    @Test("the standard policy is §9's: eight attempts")
    func standard() {
        #expect(RetryPolicy.standard.maximumAttempts == 8)
    }
}
