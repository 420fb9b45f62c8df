/// What `submit` reports of one event it appended: its type, version and global position. Carries no
/// payload, so a customer's receipt holds no personal data.
public struct EventReceipt: Sendable, Equatable {
    /// The `event_type`.
    public let type: String
    /// Its version in the stream.
    public let version: Int
    /// Its global position.
    public let position: Int64

    /// Creates a receipt.
    public init(type: String, version: Int, position: Int64) {
        self.type = type
        self.version = version
        self.position = position
    }
}
