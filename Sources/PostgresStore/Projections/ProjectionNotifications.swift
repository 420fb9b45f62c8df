import PostgresClient

/// The LISTEN/NOTIFY channel appends notify on commit, so followers wake instead of polling.
package enum ProjectionNotifications {
    /// Every append notifies it with an empty payload (PostgreSQL folds repeats within a transaction).
    package static let channel = "orderctl_events"
}
