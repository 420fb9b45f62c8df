/// Where a notification stands, named as `notify list` shows it (`state`).
///
/// `pending` → `sent`; a temporary failure → `failed`, retried when due; the last attempt failing or a
/// permanent refusal → `dead`, kept until someone retries it. `skipped` notifications are never sent.
public enum NotificationState: String, Sendable, Hashable, CaseIterable {
    case pending
    case sent
    case failed
    case dead
    case skipped

    /// Whether a runner may still send it (when due, and when nothing before it in its stream is open).
    public var isOpen: Bool {
        switch self {
        case .pending, .failed: true
        case .sent, .dead, .skipped: false
        }
    }
}
