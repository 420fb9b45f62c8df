/// The LISTEN/NOTIFY channel that wakes idle `notify run` processes when notifications become due
/// outside an append: a preparation recorded some, or `notify retry` put some back.
package enum NotificationChannel {
    package static let name = "orderctl_notifications"
}
