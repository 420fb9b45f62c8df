/// How an append ended when the database itself worked (infrastructure failures are thrown).
public enum AppendOutcome: Sendable, Equatable {
    /// Committed: the events as stored.
    case appended([RecordedEvent])
    /// Another writer moved the stream first; nothing was written.
    case versionConflict(actual: Int)
    /// Another writer applied the same command id first; nothing was written.
    case commandAlreadyRecorded
}
