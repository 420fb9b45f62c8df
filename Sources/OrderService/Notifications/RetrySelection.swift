/// Which notifications `notify retry` puts back to pending.
public enum RetrySelection: Sendable, Hashable {
    /// These, when they are failed or dead.
    case named([NotificationID])
    /// Every dead one.
    case dead
    /// Every failed one.
    case failed
}
