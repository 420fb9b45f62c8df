/// How a customer append ended.
public enum CustomerAppendOutcome: Sendable, Equatable {
    /// Committed; the receipt of the event.
    case appended(EventReceipt)
    /// The stream was not at the expected version, or was forgotten meanwhile; nothing was written.
    case versionConflict(actual: Int)
    /// Another writer recorded this command id meanwhile; nothing was written.
    case commandAlreadyRecorded
}
