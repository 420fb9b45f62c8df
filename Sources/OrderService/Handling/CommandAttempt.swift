/// How one pass of a command ended: with an answer, or beaten by another writer, which a command
/// without `expectedVersion` retries (reload, decide again). Shared by the order and customer handlers.
enum CommandAttempt<Outcome> {
    case finished(Outcome)
    case lostRace(seen: Int, actual: Int)

    /// Runs `attempt` until a pass finishes, at most `maximumAttempts` passes; past them, the answer
    /// `exhausted` gives for the versions of the last race lost.
    static func retrying(
        upTo maximumAttempts: Int, _ attempt: () throws -> CommandAttempt, exhausted: (_ seen: Int, _ actual: Int) -> Outcome
    ) rethrows -> Outcome {
        var lostRace = (seen: 0, actual: 0)
        for _ in 1...maximumAttempts {
            switch try attempt() {
            case let .finished(outcome): return outcome
            case let .lostRace(seen, actual): lostRace = (seen, actual)
            }
        }
        return exhausted(lostRace.seen, lostRace.actual)
    }
}
