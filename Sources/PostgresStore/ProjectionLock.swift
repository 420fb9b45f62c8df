/// The advisory locks that order projection work against appends and against each other.
///
/// Both use PostgreSQL's two-key form, which never collides with the one-key lock of `migrate`.
enum ProjectionLock {
    /// Every append holds it shared for its transaction; the rebuild's switch takes it exclusive, so the
    /// switch waits for appends in flight and holds back new ones for the few milliseconds it lasts.
    static let switchKeys = (classID: "1869767729", objectID: "0") // "orc1"
    /// Held (per transaction or per session) by whoever writes one registered table's rows from the log:
    /// one runner per table at a time, keyed by the registry id.
    static let runnerClassID = "1869767730" // "orc2"
}
